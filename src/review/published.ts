import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../audit/chain.js';
import type { PublishedFinding, PublishedRecord, PublishedState, Store, User } from '../store/store.js';
import { withoutNul } from '../store/rows.js';
import { ReviewError } from './holds.js';

/** What a security officer can say about content found online: removed from the site, allowed to stay public, or not secret at all. */
export type PublishedDecision = Exclude<PublishedState, 'open'>;
export const publishedDecisions: readonly PublishedDecision[] = ['taken-down', 'confirmed-public', 'false-alarm'];

/**
 * Content a crawl found already published: recorded once per content and
 * URL, decided by reviewers, every new finding and every decision an audit
 * entry. A reviewer limited to some portals sees only theirs.
 */
export class PublishedService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditTrail,
  ) {}

  /** Records what a crawl flagged; a new item, or one still online after it was taken down, is audited. */
  async found(item: PublishedFinding): Promise<{ record: PublishedRecord; outcome: 'new' | 'seen' | 'reopened' }> {
    const clean = { ...item, title: item.title === null ? null : withoutNul(item.title), findings: item.findings.map((f) => ({ ...f, evidence: withoutNul(f.evidence) })) };
    const result = await this.store.published.record(clean, randomBytes(9).toString('base64url'), Date.now());
    if (result.outcome === 'reopened') await this.stillOnline(result.record, item.run);
    if (result.outcome === 'new') {
      await this.audit.append('published.found', {
        id: result.record.id,
        run: item.run,
        portal: item.portal,
        url: item.url,
        pageUrl: item.pageUrl,
        sha256: item.sha256,
        verdict: item.verdict,
        findings: item.findings.map((f) => ({ rule: f.rule, category: f.category, severity: f.severity, evidence: f.evidence, location: f.location })),
      });
    }
    return result;
  }

  /** Content unchanged since the last crawl seen again: an item taken down but still online opens again (audited). */
  async seenAgain(portal: string, url: string, sha256: string, run: number): Promise<{ record: PublishedRecord; outcome: 'seen' | 'reopened' } | undefined> {
    const result = await this.store.published.seenAgain(portal, url, sha256, run, Date.now());
    if (result?.outcome === 'reopened') await this.stillOnline(result.record, run);
    return result;
  }

  /** A crawl found a flagged URL gone (404, 410): its items say so once, audited (a take-down verified, or content removed undecided). */
  async gone(portal: string, url: string, run: number, status: string): Promise<PublishedRecord[]> {
    const marked = await this.store.published.gone(portal, url, { at: Date.now(), actor: 'crawl', action: 'gone-from-site', detail: `run ${run}: ${status}` });
    for (const r of marked) await this.audit.append('published.gone', { id: r.id, run, portal, url, state: r.state, status });
    return marked;
  }

  private stillOnline(r: PublishedRecord, run: number) {
    return this.audit.append('published.still-online', { id: r.id, run, portal: r.portal, url: r.url, sha256: r.sha256 });
  }

  async get(id: string, user?: User): Promise<PublishedRecord | undefined> {
    const item = await this.store.published.get(id);
    return item && (!user?.portals || user.portals.includes(item.portal)) ? item : undefined;
  }

  list(filter: { state?: PublishedState; run?: number; portal?: string; limit: number; offset: number }, user?: User): Promise<PublishedRecord[]> {
    const mine = user?.portals;
    const portals = filter.portal ? (mine && !mine.includes(filter.portal) ? [] : [filter.portal]) : mine;
    return this.store.published.list({ state: filter.state, run: filter.run, portals, limit: filter.limit, offset: filter.offset });
  }

  /** A reviewer's decision on an open item (once: a second decision finds it decided). */
  async decide(id: string, decision: PublishedDecision, user: User, note = ''): Promise<PublishedRecord> {
    if (!publishedDecisions.includes(decision)) throw new ReviewError(400, 'bad_decision', `decision must be one of ${publishedDecisions.join(', ')}`);
    const item = await this.get(id, user);
    if (!item) throw new ReviewError(404, 'not_found', `no published item ${id}`);
    const detail = withoutNul(note.trim()).slice(0, 500);
    const event = { at: Date.now(), actor: user.name, action: decision, ...(detail ? { detail } : {}) };
    if (!(await this.store.published.transition(id, ['open'], decision, event))) throw new ReviewError(409, 'already_decided', `item ${id} is ${(await this.store.published.get(id))?.state ?? 'gone'} already`);
    await this.audit.append('published.decision', { id, decision, by: user.name, role: user.role, url: item.url, note: detail || undefined });
    return (await this.store.published.get(id))!;
  }
}
