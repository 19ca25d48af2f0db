import type { ParsingModel } from '../cms/adapter.js';
import { createAdapter } from '../cms/adapters.js';
import { TrustedProxies } from '../cms/identity.js';
import type { Portal } from '../policy/portal.js';
import type { Policy } from '../policy/schema.js';
import type { Scanner } from '../scanner.js';

/** What a scan needs to know of the portal a request is for: its rules and who publishes there. */
export interface PortalRules {
  id: string;
  policy: Policy;
  identity?: Portal;
}

export interface PortalScanner {
  scanner: Scanner;
  model: ParsingModel;
  policy: Policy;
}

/**
 * One scanner per portal, made on first use (a tier may host hundreds of
 * portals, and a worker need not compile the rules of those it never sees).
 */
export class PortalScanners {
  private readonly rules: Map<string, PortalRules>;
  private readonly made = new Map<string, PortalScanner>();

  constructor(
    portals: PortalRules[],
    private readonly make: (portal: PortalRules) => Scanner,
  ) {
    this.rules = new Map(portals.map((p) => [p.id, p]));
  }

  get(id: string): PortalScanner | undefined {
    let s = this.made.get(id);
    if (s) return s;
    const rules = this.rules.get(id);
    if (!rules) return undefined;
    s = { scanner: this.make(rules), model: createAdapter(rules.policy, { trustedProxies: new TrustedProxies([]) }).model, policy: rules.policy };
    this.made.set(id, s);
    return s;
  }
}
