import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../audit/chain.js';
import { UpstreamError, type Upstream } from '../gateway/upstream.js';
import type { Metrics } from '../metrics.js';
import type { Sealer, RawRequest } from '../seal/seal.js';
import type { ReviewerApproval } from '../detect/decide.js';
import type { Approval, HoldRecord, HoldState, NewHold, Store, User } from '../store/store.js';
import { normaliseUser } from '../cms/adapter.js';
import type { ReviewEvent } from '../notify/webhooks.js';
import { defaultPortalId } from '../portals/hosted.js';
import { withoutNul } from '../store/rows.js';
import type { Policy } from '../policy/schema.js';

export class ReviewError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A request to hold, as its front end (the gateway) describes it; the service adds the id, the keyed tag and the sealed bytes. */
export type HeldRequest = Omit<NewHold, 'id' | 'tag' | 'sealed'>;

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
    /** The CMS of each portal a hold can be for (a release goes back where the request was going). */
    private readonly upstreamFor: (portal: string) => Upstream | undefined,
    private readonly audit: AuditTrail,
    private readonly metrics: Metrics,
    private readonly approvalTtlMs: number,
    /** Longest a replay can take (the upstream timeout and a margin): an item `releasing` for longer lost its releaser. */
    private readonly releaseStaleMs = 60_000,
    /** Tells reviewers of new items and decisions (webhooks); never awaited, never failing a review. */
    private readonly notify: (e: ReviewEvent) => void = () => {},
    /** Two-step review (初审 → 终审) and who may take the final step. */
    private readonly review: Pick<Policy['review'], 'twoStep' | 'finalRoles'> = { twoStep: false, finalRoles: ['officer'] },
  ) {}

  /** Whether decisions on pending items take a first and a final review. */
  get twoStep(): boolean {
    return this.review.twoStep;
  }

  /**
   * The keyed tag over what a review decides by: who may decide, what an
   * approval binds, and which portal's CMS a release goes to (bound only for
   * named portals, so that items held before there were several still verify).
   */
  private holdTag(h: Pick<HoldRecord, 'id' | 'requestId' | 'submitter' | 'claims' | 'contentHash' | 'portal'>): string {
    return this.audit.tag('hold', h.id, h.requestId, h.submitter, JSON.stringify(h.claims), h.contentHash, ...(h.portal === defaultPortalId ? [] : [h.portal]));
  }

  private approvalTag(a: Omit<Approval, 'tag'>): string {
    return this.audit.tag('approval', a.contentHash, a.expiresAt, a.holdId, a.approvedBy);
  }

  async hold(given: HeldRequest, raw: RawRequest): Promise<string> {
    const id = newHoldId();
    // Names come from the request (a cookie, a header): a NUL in one must not keep the request from being held on a store that refuses NUL.
    const request = { ...given, submitter: given.submitter === null ? null : withoutNul(given.submitter), claims: given.claims.map(withoutNul) };
    await this.store.holds.create({ ...request, id, tag: this.holdTag({ ...request, id }), sealed: this.sealer.seal(id, raw) });
    this.notify({ event: 'held', holdId: id, portal: request.portal, route: request.route, categories: [...new Set(request.findings.map((f) => f.category))], at: new Date(request.createdAt).toISOString() });
    return id;
  }

  /** The item, if `user` may see it (a reviewer limited to some portals sees only theirs; another portal's item does not exist for them). */
  async get(id: string, user?: User): Promise<HoldRecord | undefined> {
    const hold = await this.store.holds.get(id);
    return hold && (!user?.portals || user.portals.includes(hold.portal)) ? hold : undefined;
  }

  /** The sealed request opened for a reader of the item (an audit entry says who read which item). */
  async opened(id: string, reader: User): Promise<RawRequest | undefined> {
    const hold = await this.get(id, reader);
    const sealed = hold && (await this.store.holds.sealed(id));
    if (!sealed) return undefined;
    const raw = this.sealer.open(id, sealed);
    await this.audit.append('review.read', { holdId: id, reader: reader.name, role: reader.role });
    return raw;
  }

  /** Newest first (oldest first for a queue): of one portal when asked, and only of the portals `user` may see. */
  list(state: HoldState | undefined, limit: number, offset: number, user?: User, portal?: string, oldestFirst = false): Promise<HoldRecord[]> {
    const mine = user?.portals;
    const portals = portal ? (mine && !mine.includes(portal) ? [] : [portal]) : mine;
    return this.store.holds.list({ state, limit, offset, portals, oldestFirst });
  }

  /**
   * A reviewer's approval of this content, if any: an approval whose tag is
   * the gateway's, for the same content, with the rules its hold was made
   * for (decide lets the content pass only when they cover every reason it
   * is refused now: a rule that fired since, a newly registered document
   * say, is not covered by an earlier approval).
   */
  async approvalFor(contentHash: string, portal: string): Promise<ReviewerApproval | undefined> {
    const approval = await this.store.approvals.find(contentHash, Date.now());
    if (!approval || approval.tag !== this.approvalTag(approval)) return undefined;
    const hold = await this.store.holds.get(approval.holdId);
    // An approval is for the portal the item was held on: the same text elsewhere is another portal's decision.
    if (!hold || hold.tag !== this.holdTag(hold) || hold.contentHash !== contentHash || hold.portal !== portal) return undefined;
    return { holdId: hold.id, rules: new Set(hold.findings.map((f) => f.rule)) };
  }

  /**
   * The item, if this reviewer may decide on it now: nobody decides on an
   * item they submitted (verified or claimed, names compared normalised);
   * an item whose submitter could not be verified needs a security officer;
   * so does one whose release ended unknown.
   */
  private async decidable(id: string, reviewer: User, states: HoldState[] = ['pending']): Promise<HoldRecord> {
    const hold = await this.get(id, reviewer);
    if (!hold) throw new ReviewError(404, 'not_found', `no held item ${id}`);
    if (hold.tag !== this.holdTag(hold)) throw new ReviewError(409, 'tampered', `item ${id} was changed outside the gateway (its submitter or content binding does not match its tag)`);
    const me = normaliseUser(reviewer.name);
    if ([hold.submitter, ...hold.claims].some((n) => n && normaliseUser(n) === me)) throw new ReviewError(403, 'own_item', 'a submitter may not decide on their own item');
    const officer = reviewer.role === 'officer' || reviewer.role === 'admin';
    if (hold.state === 'release-unknown' && !officer) throw new ReviewError(403, 'officer_required', 'the release ended unknown: a security officer checks the CMS and decides');
    // An officer decides on a release-unknown item as on a pending one.
    if (!states.includes(hold.state) && !(hold.state === 'release-unknown' && states.includes('pending'))) {
      throw new ReviewError(409, 'not_pending', `item ${id} is ${hold.state}, not pending`);
    }
    if (!officer && hold.submitter === null) throw new ReviewError(403, 'officer_required', 'the submitter could not be verified: a security officer decides');
    return hold;
  }

  private async decided(hold: HoldRecord, reviewer: User, decision: string, extra: Record<string, unknown> = {}): Promise<void> {
    this.metrics.reviewDecisions.inc({ decision });
    this.notify({ event: 'decided', holdId: hold.id, portal: hold.portal, route: hold.route, decision, reviewer: reviewer.name, at: new Date().toISOString() });
    await this.audit.append('review', { holdId: hold.id, requestId: hold.requestId, route: hold.route, submitter: hold.submitter, reviewer: reviewer.name, role: reviewer.role, decision, ...extra });
  }

  /**
   * Replays the sealed request once. The intent is on the audit trail before
   * the CMS sees the request and the outcome after it; a crash in between
   * leaves the item `releasing`, which the next start turns into
   * `release-unknown` for an officer (reconcile).
   */
  async release(id: string, reviewer: User): Promise<HoldRecord> {
    const hold = await this.decidable(id, reviewer);
    const first = await this.firstReview(hold, reviewer, 'release');
    if (first) return first;
    const upstream = this.upstreamFor(hold.portal);
    if (!upstream) throw new ReviewError(409, 'portal_not_served', `item ${id} is for portal "${hold.portal}", which this gateway does not serve`);
    const from = hold.state === 'release-unknown' ? ['release-unknown' as const] : ['pending' as const];
    const claimed = await this.store.holds.transition(id, from, 'releasing', { at: Date.now(), actor: reviewer.name, action: 'release' });
    if (!claimed) throw new ReviewError(409, 'not_pending', `item ${id} is no longer pending`);
    try {
      await this.audit.append('release.intent', { holdId: hold.id, requestId: hold.requestId, reviewer: reviewer.name, role: reviewer.role });
    } catch (err) {
      await this.store.holds.transition(id, ['releasing'], hold.state, { at: Date.now(), actor: 'gateway', action: 'release-aborted', detail: 'audit trail unavailable' });
      throw err;
    }
    const sealed = await this.store.holds.sealed(id);
    let status: number | undefined;
    let failure: string | undefined;
    try {
      const raw = this.sealer.open(id, sealed!);
      status = await upstream.forward({ method: raw.method, url: raw.url, headers: raw.rawHeaders }, raw.body, undefined);
      if (status >= 400) failure = `CMS answered ${status}`;
    } catch (err) {
      failure = err instanceof UpstreamError ? `CMS ${err.kind}` : `replay failed: ${(err as Error).message}`;
    }
    const to: HoldState = failure ? 'release-failed' : 'released';
    // Another instance may have given this replay up for lost meanwhile (release-unknown): what the CMS answered settles it.
    if (!(await this.store.holds.transition(id, ['releasing', 'release-unknown'], to, { at: Date.now(), actor: 'gateway', action: to, detail: failure ?? `CMS answered ${status}` }, { upstreamStatus: status }))) {
      await this.audit.append('release.conflict', { holdId: hold.id, requestId: hold.requestId, reviewer: reviewer.name, upstreamStatus: status, failure });
      throw new ReviewError(409, 'not_pending', `item ${id} was decided by someone else while the CMS was answering (CMS answered ${status ?? failure})`);
    }
    await this.decided(hold, reviewer, to, { upstreamStatus: status, failure });
    return (await this.store.holds.get(id))!;
  }

  /** Content approved for resubmission passes for a while; a request that could not be read one way only has no content hash and cannot be approved. */
  async approve(id: string, reviewer: User): Promise<HoldRecord> {
    const hold = await this.decidable(id, reviewer);
    if (!hold.contentHash) throw new ReviewError(409, 'not_approvable', 'this request could not be read one way only: release it or reject it, it cannot be approved for resubmission');
    const first = await this.firstReview(hold, reviewer, 'approve');
    if (first) return first;
    if (!(await this.store.holds.transition(id, ['pending'], 'approved', { at: Date.now(), actor: reviewer.name, action: 'approve' }))) {
      throw new ReviewError(409, 'not_pending', `item ${id} is no longer pending`);
    }
    const approval = { contentHash: hold.contentHash, expiresAt: Date.now() + this.approvalTtlMs, holdId: id, approvedBy: reviewer.name };
    const expiresAt = approval.expiresAt;
    await this.store.approvals.add({ ...approval, tag: this.approvalTag(approval) });
    await this.decided(hold, reviewer, 'approve', { contentHash: hold.contentHash, expiresAt });
    return (await this.store.holds.get(id))!;
  }

  /**
   * With two-step review, the first release or approval of a pending item is
   * its first review (初审): recorded, the item stays pending. The final
   * review (终审) is someone else's, in one of the final roles. A rejection
   * needs no second opinion: keeping content off the portal is always safe.
   * Returns the item after a first review, undefined when this is the final one.
   */
  private async firstReview(hold: HoldRecord, reviewer: User, proposed: 'release' | 'approve'): Promise<HoldRecord | undefined> {
    if (!this.review.twoStep || hold.state !== 'pending') return undefined;
    const first = hold.history.find((e) => e.action === 'first-review');
    if (first) {
      if (normaliseUser(first.actor) === normaliseUser(reviewer.name)) throw new ReviewError(403, 'same_reviewer', '终审须由初审以外的人完成 / the final review must be someone other than the first reviewer');
      if (reviewer.role !== 'admin' && !(this.review.finalRoles as string[]).includes(reviewer.role)) {
        throw new ReviewError(403, 'final_role_required', `终审须由 ${this.review.finalRoles.join('/')} 完成 / the final review is for: ${this.review.finalRoles.join(', ')}`);
      }
      return undefined;
    }
    if (!(await this.store.holds.transition(hold.id, ['pending'], 'pending', { at: Date.now(), actor: reviewer.name, action: 'first-review', detail: proposed }))) {
      throw new ReviewError(409, 'not_pending', `item ${hold.id} is no longer pending`);
    }
    await this.decided(hold, reviewer, 'first-review', { proposed });
    return (await this.store.holds.get(hold.id))!;
  }

  /** A note on an item for the other reviewers (kept in its history; the audit records that one was made, not what it says). */
  async comment(id: string, reviewer: User, given: string): Promise<HoldRecord> {
    const text = withoutNul(given).trim().slice(0, 2000);
    if (!text) throw new ReviewError(400, 'comment_required', 'a comment needs some text');
    const hold = await this.get(id, reviewer);
    if (!hold) throw new ReviewError(404, 'not_found', `no held item ${id}`);
    // A replay in progress is left alone: a comment would move the time its staleness is judged by (reconcile).
    if (hold.state === 'releasing') throw new ReviewError(409, 'changed', `item ${id} is being released: comment once the CMS has answered`);
    if (!(await this.store.holds.transition(id, [hold.state], hold.state, { at: Date.now(), actor: reviewer.name, action: 'comment', detail: text }))) {
      throw new ReviewError(409, 'changed', `item ${id} changed meanwhile: reload it and comment again`);
    }
    await this.audit.append('review.comment', { holdId: id, reviewer: reviewer.name, chars: text.length });
    return (await this.store.holds.get(id))!;
  }

  async reject(id: string, reviewer: User, given: string): Promise<HoldRecord> {
    // NUL is no text any store keeps (PostgreSQL refuses it): shown as the replacement character.
    const reason = withoutNul(given);
    if (!reason.trim()) throw new ReviewError(400, 'reason_required', 'a rejection needs a reason');
    const hold = await this.decidable(id, reviewer);
    if (!(await this.store.holds.transition(id, [hold.state], 'rejected', { at: Date.now(), actor: reviewer.name, action: 'reject', detail: reason }, { reason }))) {
      throw new ReviewError(409, 'not_pending', `item ${id} is no longer pending`);
    }
    await this.decided(hold, reviewer, 'reject', { reason: reason.slice(0, 500) });
    return (await this.store.holds.get(id))!;
  }

  /** An officer who checked the CMS says a release that ended unknown did publish. */
  async confirmReleased(id: string, reviewer: User): Promise<HoldRecord> {
    const hold = await this.decidable(id, reviewer, ['release-unknown']);
    if (reviewer.role !== 'officer' && reviewer.role !== 'admin') throw new ReviewError(403, 'officer_required', 'a security officer confirms a release');
    if (!(await this.store.holds.transition(id, ['release-unknown'], 'released', { at: Date.now(), actor: reviewer.name, action: 'confirm-released' }))) {
      throw new ReviewError(409, 'not_pending', `item ${id} is no longer release-unknown`);
    }
    await this.decided(hold, reviewer, 'confirm-released');
    return (await this.store.holds.get(id))!;
  }

  /**
   * At start and every minute: an item `releasing` for longer than a replay
   * can take was being replayed by a process that died, and nobody knows
   * whether the CMS got it. It becomes `release-unknown` (alerted on) for an
   * officer to check and decide. Younger ones may be another instance's
   * replay in progress, and are left alone.
   */
  async reconcile(now = Date.now()): Promise<string[]> {
    const stuck = (await this.store.holds.list({ state: 'releasing', limit: 10_000, offset: 0 })).filter((h) => h.updatedAt <= now - this.releaseStaleMs);
    const ids: string[] = [];
    for (const hold of stuck) {
      if (!(await this.store.holds.transition(hold.id, ['releasing'], 'release-unknown', { at: Date.now(), actor: 'gateway', action: 'release-unknown', detail: 'the gateway stopped during the replay' }))) continue;
      await this.audit.append('release.unknown', { holdId: hold.id, requestId: hold.requestId });
      ids.push(hold.id);
    }
    return ids;
  }
}
