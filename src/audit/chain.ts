import { createHmac } from 'node:crypto';
import type { AuditEntry, Store } from '../store/store.js';

/**
 * The audit trail: append-only, each entry's hash an HMAC over the previous
 * hash and the entry, keyed with an installation secret, so an edited,
 * deleted or reordered entry breaks the chain and cannot be re-chained
 * without the key. Entries hold ids, hashes, offsets and short evidence,
 * never content paragraphs.
 */
export function entryHash(key: Buffer, prev: string, seq: number, at: number, kind: string, record: string): string {
  return createHmac('sha256', key).update(`${prev}\n${seq}\n${at}\n${kind}\n${record}`).digest('hex');
}

export class AuditTrail {
  constructor(
    private readonly store: Store,
    private readonly key: Buffer,
  ) {}

  append(kind: string, record: Record<string, unknown>, at = Date.now()): Promise<AuditEntry> {
    const text = JSON.stringify(record);
    return this.store.appendAudit(kind, at, text, (prev, seq) => entryHash(this.key, prev, seq, at, kind, text));
  }
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  problems: Array<{ seq: number; problem: string }>;
}

/** Walks the whole chain; reports the first entries where it breaks. */
export async function verifyAudit(store: Store, key: Buffer): Promise<VerifyResult> {
  const problems: VerifyResult['problems'] = [];
  let expectedSeq = 1;
  let prev = '';
  let entries = 0;
  for await (const e of store.auditEntries()) {
    entries++;
    if (e.seq !== expectedSeq) problems.push({ seq: e.seq, problem: `expected entry ${expectedSeq}: entries missing or reordered` });
    if (e.prev !== prev) problems.push({ seq: e.seq, problem: 'previous-hash link broken (an entry before it was removed, edited or moved)' });
    if (entryHash(key, e.prev, e.seq, e.at, e.kind, e.record) !== e.hash) problems.push({ seq: e.seq, problem: 'entry hash does not match its content (edited)' });
    prev = e.hash;
    expectedSeq = e.seq + 1;
  }
  const head = await store.auditHead();
  if (head && (head.seq !== expectedSeq - 1 || head.hash !== prev)) {
    problems.push({ seq: head.seq, problem: `chain ends at ${expectedSeq - 1} but the recorded head is ${head.seq}: entries removed from the end` });
  }
  return { ok: problems.length === 0, entries, problems };
}
