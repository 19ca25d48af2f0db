import type { CrawlRun, HoldRecord, PublishedRecord, RegisteredDocument } from '../store/store.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A held item as the review API shows it: times in ISO 8601 (UTC), as the audit export writes them. */
export function holdForApi(h: HoldRecord): Omit<HoldRecord, 'createdAt' | 'updatedAt' | 'history'> & { createdAt: string; updatedAt: string; history: Array<Omit<HoldRecord['history'][number], 'at'> & { at: string }> } {
  return { ...h, createdAt: iso(h.createdAt), updatedAt: iso(h.updatedAt), history: h.history.map((e) => ({ ...e, at: iso(e.at) })) };
}

/** A registration as the registry API shows it: its registration time in ISO 8601. */
export function registrationForApi(d: RegisteredDocument): Omit<RegisteredDocument, 'registeredAt'> & { registeredAt: string } {
  return { ...d, registeredAt: iso(d.registeredAt) };
}

/** An already-published item as the review API shows it: times in ISO 8601. */
export function publishedForApi(p: PublishedRecord) {
  return { ...p, foundAt: iso(p.foundAt), lastSeenAt: iso(p.lastSeenAt), updatedAt: iso(p.updatedAt), history: p.history.map((e) => ({ ...e, at: iso(e.at) })) };
}

/** A crawl run as the review API shows it. */
export function crawlForApi(r: CrawlRun) {
  return { ...r, startedAt: iso(r.startedAt), finishedAt: r.finishedAt === null ? null : iso(r.finishedAt) };
}
