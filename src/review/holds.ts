import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../audit/chain.js';
import type { Inspection } from '../gateway/inspection.js';
import { UpstreamError, type Upstream } from '../gateway/upstream.js';
import type { Metrics } from '../metrics.js';
import type { Sealer, RawRequest } from '../seal/seal.js';
import type { HoldRecord, HoldState, Store, User } from '../store/store.js';

export class ReviewError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Short, unguessable, URL-safe hold ids (72 random bits). */
export function newHoldId(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * Held requests: sealing on the way in, and the reviewer's decisions on the
 * way out. A release replays the sealed request byte for byte and happens at
 * most once: the store's compare-and-set moves pending → releasing first.
 */
export class HoldService {
  constructor(
    private readonly store: Store,
    private readonly sealer: Sealer,
    private readonly upstream: Upstream,
    private readonly audit: AuditTrail,
    private readonly metrics: Metrics,
    private readonly approvalTtlMs: number,
  ) {}

  async hold(insp: Inspection, raw: RawRequest): Promise<string> {
    const id = newHoldId();
    await this.store.createHold({
      id,
      createdAt: insp.at,
      requestId: insp.requestId,
      route: insp.route.name,
      method: insp.route.target.method,
      path: insp.route.target.path,
      submitter: insp.submitter,
      contentHash: insp.contentHash ?? '',
      findings: insp.findings.map((f) => ({ rule: f.rule, category: f.category, severity: f.severity, evidence: f.evidence, location: { ...f.location }, description: f.description, ...(f.spans ? { spans: f.spans } : {}) })),
      parts: insp.parts,
      sealed: this.sealer.seal(id, raw),
    });
    return id;
  }

  get(id: string): Promise<HoldRecord | undefined> {
    return this.store.getHold(id);
  }

  list(state: HoldState | undefined, limit: number, offset: number): Promise<HoldRecord[]> {
    return this.store.listHolds({ state, limit, offset });
  }

  approvalFor(contentHash: string): Promise<string | undefined> {
    return this.store.approvalFor(contentHash, Date.now());
  }

  private async pendingFor(id: string, reviewer: User): Promise<HoldRecord> {
    const hold = await this.store.getHold(id);
    if (!hold) throw new ReviewError(404, 'not_found', `no held item ${id}`);
    if (hold.submitter && hold.submitter === reviewer.name) throw new ReviewError(403, 'own_item', 'a submitter may not decide on their own item');
    if (hold.state !== 'pending') throw new ReviewError(409, 'not_pending', `item ${id} is ${hold.state}, not pending`);
    return hold;
  }

  private async decided(hold: HoldRecord, reviewer: User, decision: string, extra: Record<string, unknown> = {}): Promise<void> {
    this.metrics.reviewDecisions.inc({ decision });
    await this.audit.append('review', { holdId: hold.id, requestId: hold.requestId, route: hold.route, submitter: hold.submitter, reviewer: reviewer.name, role: reviewer.role, decision, ...extra });
  }

  async release(id: string, reviewer: User): Promise<HoldRecord> {
    const hold = await this.pendingFor(id, reviewer);
    const claimed = await this.store.transition(id, ['pending'], 'releasing', { at: Date.now(), actor: reviewer.name, action: 'release' });
    if (!claimed) throw new ReviewError(409, 'not_pending', `item ${id} is no longer pending`);
    const sealed = await this.store.sealedRequest(id);
    let status: number | undefined;
    let failure: string | undefined;
    try {
      const raw = this.sealer.open(id, sealed!);
      status = await this.upstream.forward({ method: raw.method, url: raw.url, headers: raw.rawHeaders }, raw.body, undefined);
      if (status >= 400) failure = `CMS answered ${status}`;
    } catch (err) {
      failure = err instanceof UpstreamError ? `CMS ${err.kind}` : `replay failed: ${(err as Error).message}`;
    }
    const to: HoldState = failure ? 'release-failed' : 'released';
    await this.store.transition(id, ['releasing'], to, { at: Date.now(), actor: 'gateway', action: to, detail: failure ?? `CMS answered ${status}` }, { upstreamStatus: status });
    await this.decided(hold, reviewer, to, { upstreamStatus: status, failure });
    return (await this.store.getHold(id))!;
  }

  async approve(id: string, reviewer: User): Promise<HoldRecord> {
    const hold = await this.pendingFor(id, reviewer);
    if (!(await this.store.transition(id, ['pending'], 'approved', { at: Date.now(), actor: reviewer.name, action: 'approve' }))) {
      throw new ReviewError(409, 'not_pending', `item ${id} is no longer pending`);
    }
    const expiresAt = Date.now() + this.approvalTtlMs;
    await this.store.addApproval(hold.contentHash, expiresAt, id, reviewer.name);
    await this.decided(hold, reviewer, 'approve', { contentHash: hold.contentHash, expiresAt });
    return (await this.store.getHold(id))!;
  }

  async reject(id: string, reviewer: User, reason: string): Promise<HoldRecord> {
    if (!reason.trim()) throw new ReviewError(400, 'reason_required', 'a rejection needs a reason');
    const hold = await this.pendingFor(id, reviewer);
    if (!(await this.store.transition(id, ['pending'], 'rejected', { at: Date.now(), actor: reviewer.name, action: 'reject', detail: reason }, { reason }))) {
      throw new ReviewError(409, 'not_pending', `item ${id} is no longer pending`);
    }
    await this.decided(hold, reviewer, 'reject', { reason: reason.slice(0, 500) });
    return (await this.store.getHold(id))!;
  }
}
