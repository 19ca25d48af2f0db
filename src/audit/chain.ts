import { createHmac } from 'node:crypto';
import type { AuditEntry, AuditRepository } from '../store/store.js';

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

/** The head's tag: without the key, a head moved back to an earlier entry cannot be signed again. */
export function headTag(key: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', key).update(`head\n${seq}\n${hash}`).digest('hex');
}

export class AuditTrail {
  constructor(
    private readonly chain: AuditRepository,
    private readonly key: Buffer,
  ) {}

  /**
   * A keyed tag over rows the gateway decides by (an approval, a hold's
   * submitter): without the key, someone who can write to the database
   * cannot forge or alter one unnoticed.
   */
  tag(kind: string, ...fields: Array<string | number | null>): string {
    return createHmac('sha256', this.key).update(`row:${kind}\n${JSON.stringify(fields)}`).digest('hex');
  }

  append(kind: string, record: Record<string, unknown>, at = Date.now()): Promise<AuditEntry> {
    const text = JSON.stringify(record);
    return this.chain.append(kind, at, text, (prev, seq) => {
      const hash = entryHash(this.key, prev, seq, at, kind, text);
      return { hash, tag: headTag(this.key, seq, hash) };
    });
  }
}

/** One entry as an export line (JSON Lines, ISO 8601 time, the record as JSON): what `baomi audit export` and the console's export write. */
export function exportLine(e: AuditEntry): string {
  return JSON.stringify({ seq: e.seq, at: new Date(e.at).toISOString(), kind: e.kind, record: JSON.parse(e.record), prev: e.prev, hash: e.hash }) + '\n';
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  problems: Array<{ seq: number; problem: string }>;
}

/**
 * Walks the whole chain and checks the head. The head is kept apart from the
 * entries with a keyed tag, so cutting entries off the end and rewriting the
 * head shows; an old head row put back (a restored backup) is caught by
 * `expectHead`: the sequence number last seen outside the database (the
 * `baomi_audit_head_seq` gauge, an exported copy).
 */
export async function verifyAudit(chain: AuditRepository, key: Buffer, options: { expectHead?: number } = {}): Promise<VerifyResult> {
  const problems: VerifyResult['problems'] = [];
  let expectedSeq = 1;
  let prev = '';
  let entries = 0;
  for await (const e of chain.entries()) {
    entries++;
    if (e.seq !== expectedSeq) problems.push({ seq: e.seq, problem: `expected entry ${expectedSeq}: entries missing or reordered` });
    if (e.prev !== prev) problems.push({ seq: e.seq, problem: 'previous-hash link broken (an entry before it was removed, edited or moved)' });
    if (entryHash(key, e.prev, e.seq, e.at, e.kind, e.record) !== e.hash) problems.push({ seq: e.seq, problem: 'entry hash does not match its content (edited)' });
    prev = e.hash;
    expectedSeq = e.seq + 1;
  }
  const last = expectedSeq - 1;
  const head = await chain.head();
  if (head && (head.seq !== last || head.hash !== prev)) {
    problems.push({ seq: head.seq, problem: `chain ends at ${last} but the recorded head is ${head.seq}: entries removed from the end` });
  }
  if (head && head.tag !== headTag(key, head.seq, head.hash)) problems.push({ seq: head.seq, problem: 'the recorded head is not signed with the audit key: it was rewritten' });
  if (!head && entries) problems.push({ seq: last, problem: 'no recorded head' });
  if (options.expectHead !== undefined && last < options.expectHead) {
    problems.push({ seq: last, problem: `chain ends at ${last}, but ${options.expectHead} entries were seen before: entries removed from the end` });
  }
  return { ok: problems.length === 0, entries, problems };
}
