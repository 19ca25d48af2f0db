import type { Finding } from '../detect/finding.js';
import type { CrawlTally, FindingSummary, HistoryEvent, NewHold, PublishedFinding, PublishedRecord, PublishedState } from './store.js';

/**
 * Text every store keeps: NUL replaced by U+FFFD (PostgreSQL refuses NUL in
 * text). Applied where outside text enters a record, before any tag is made
 * over it, so both stores hold the same values.
 */
export function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}

/** The first history event of a new hold. */
export function heldEvent(h: NewHold): HistoryEvent {
  return { at: h.createdAt, actor: h.submitter ?? h.claims[0] ?? 'unknown', action: 'held' };
}

/** uint32 little-endian values from a blob, copied: a row's buffer is not guaranteed to be 4-byte aligned. */
export function uint32s(blob: Buffer): Uint32Array {
  return new Uint32Array(new Uint8Array(blob).buffer);
}

/** A blob of uint32 little-endian values (keyed hashes, sketches). */
export function blobOf(values: number[] | Uint32Array): Buffer {
  const array = values instanceof Uint32Array ? values : Uint32Array.from(values);
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** The first history event of content a crawl found published. */
export function foundEvent(item: PublishedFinding, at: number): HistoryEvent {
  return { at, actor: 'crawl', action: 'found', detail: `run ${item.run}` };
}

/**
 * The same content seen again at the same URL: an item someone marked taken
 * down is opened again (it is still online); any other keeps its state.
 */
export function nextSighting(record: PublishedRecord, run: number, at: number): { state: PublishedState; event?: HistoryEvent } {
  if (record.state !== 'taken-down') return { state: record.state };
  return { state: 'open', event: { at, actor: 'crawl', action: 'still-online', detail: `run ${run}` } };
}

/** What the store keeps of a finding: what a reviewer reads (no scores). */
export function findingSummary(f: Finding): FindingSummary {
  return { rule: f.rule, category: f.category, severity: f.severity, evidence: f.evidence, location: { ...f.location }, description: f.description, ...(f.spans ? { spans: f.spans } : {}) };
}

/** A run's tasks counted by state, and its done ones by outcome and kind, from rows grouped by (state, kind, outcome). */
export function crawlTally(rows: Array<{ state: 'queued' | 'claimed' | 'done'; kind: string; outcome: string | null; n: number }>): CrawlTally {
  const tally: CrawlTally = { queued: 0, claimed: 0, done: 0, outcomes: {}, kinds: {} };
  for (const r of rows) {
    tally[r.state] += r.n;
    if (r.state !== 'done') continue;
    tally.outcomes[r.outcome!] = (tally.outcomes[r.outcome!] ?? 0) + r.n;
    tally.kinds[r.kind] = (tally.kinds[r.kind] ?? 0) + r.n;
  }
  return tally;
}
