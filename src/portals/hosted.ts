import { readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { loadPolicy, PolicyError, readYaml, validated } from '../policy/load.js';
import { loadPortal, type Portal } from '../policy/portal.js';
import type { Policy } from '../policy/schema.js';

/** One portal of a multi-portal file or directory entry (docs/operations.md, "Many portals"). */
const entrySchema = z.strictObject({
  /** Short, stable: holds, audit entries, metrics and reviewers' permissions carry it. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40'),
  /** Host names editors reach this portal by (the Host header, without a port). */
  hosts: z.array(z.string().min(1)).min(1),
  upstream: z.url({ protocol: /^https?$/ }),
  /** The portal identity file (its own organ, its superiors), relative to this file. */
  identity: z.string().optional(),
  /** A policy file of its own (with its CMS profile beside it), relative to this file; default the gateway's. */
  policy: z.string().optional(),
});
const fileSchema = z.strictObject({ portals: z.array(entrySchema).min(1) });

/** A portal the gateway serves: where its content goes, who publishes there, and the rules it is read by. */
export interface HostedPortal {
  id: string;
  hosts: string[];
  upstream: string;
  identity: Portal | undefined;
  policy: Policy;
}

/** The id of the one portal a gateway without a portals file serves. */
export const defaultPortalId = 'default';

/** The portals behind one gateway tier, chosen by Host. */
export class HostedPortals {
  private readonly byHost = new Map<string, HostedPortal>();

  private constructor(
    readonly all: HostedPortal[],
    /** The single portal that answers for any Host (no portals file). */
    private readonly anyHost: HostedPortal | undefined,
  ) {
    for (const p of all) for (const h of p.hosts) this.byHost.set(normaliseHost(h), p);
  }

  /** One portal for every Host: the gateway's upstream, identity and policy (no portals file configured). */
  static single(upstream: string, identity: Portal | undefined, policy: Policy): HostedPortals {
    const portal = { id: defaultPortalId, hosts: [], upstream, identity, policy };
    return new HostedPortals([portal], portal);
  }

  /**
   * Reads a portals file (YAML, `portals: [...]`) or a directory of them
   * (every .yaml/.yml file, one or more portals each). An id or a host named
   * twice is refused, as is any unknown key.
   */
  static load(path: string, defaultPolicy: Policy): HostedPortals {
    const files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => ['.yaml', '.yml'].includes(extname(f)))
          .sort()
          .map((f) => join(path, f))
      : [path];
    const portals: HostedPortal[] = [];
    const ids = new Set<string>();
    const hosts = new Map<string, string>();
    for (const file of files) {
      for (const entry of readEntries(file)) {
        if (ids.has(entry.id)) throw new PolicyError(`${file}: portal id "${entry.id}" is used twice`);
        ids.add(entry.id);
        for (const h of entry.hosts) {
          const host = normaliseHost(h);
          const other = hosts.get(host);
          if (other) throw new PolicyError(`${file}: host ${host} is named by portals "${other}" and "${entry.id}"`);
          hosts.set(host, entry.id);
        }
        const at = (f: string) => resolve(dirname(file), f);
        portals.push({ ...entry, identity: entry.identity ? loadPortal(at(entry.identity)) : undefined, policy: entry.policy ? loadPolicy(at(entry.policy)) : defaultPolicy });
      }
    }
    if (!portals.length) throw new PolicyError(`${path}: no portals`);
    return new HostedPortals(portals, undefined);
  }

  /** The portal a request's Host header names; undefined when none does (refused, never guessed). */
  resolve(host: string | undefined): HostedPortal | undefined {
    if (this.anyHost) return this.anyHost;
    return host === undefined ? undefined : this.byHost.get(normaliseHost(host));
  }
}

function readEntries(file: string): Array<z.infer<typeof entrySchema>> {
  return validated(fileSchema, file, readYaml(file), 'portals file').portals;
}

/** A Host header as a key: lower case, no port, no trailing dot (www.example.gov.cn.:443 is www.example.gov.cn). */
export function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  // An IPv6 address written bare (in a portals file) is the bracketed form a Host header carries.
  if ((h.match(/:/g) ?? []).length > 1 && !h.startsWith('[')) h = `[${h}]`;
  const withoutPort = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
  return withoutPort.replace(/\.$/, '');
}
