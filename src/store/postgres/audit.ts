import type pg from 'pg';
import type { AuditEntry, AuditHead, AuditRepository, AuditSeal } from '../store.js';
import { locks, transaction } from './pool.js';

/** Entries read per round trip when walking the chain. */
const page = 5000;

export class PostgresAudit implements AuditRepository {
  constructor(private readonly pool: pg.Pool) {}

  async append(kind: string, at: number, record: string, seal: AuditSeal): Promise<AuditEntry> {
    return transaction(this.pool, async (client) => {
      // Every replica's appends queue on one lock, so the chain stays linear; released at commit.
      await client.query('SELECT pg_advisory_xact_lock($1)', [locks.audit]);
      const previous = (await client.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1')).rows[0];
      const seq = (previous?.seq ?? 0) + 1;
      const prev = previous?.hash ?? '';
      const { hash, tag } = seal(prev, seq);
      await client.query('INSERT INTO audit (seq, at, kind, record, prev, hash) VALUES ($1, $2, $3, $4, $5, $6)', [seq, at, kind, record, prev, hash]);
      await client.query("INSERT INTO meta (key, value) VALUES ('audit_head', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [JSON.stringify({ seq, hash, tag })]);
      return { seq, at, kind, record, prev, hash };
    });
  }

  async *entries(): AsyncIterable<AuditEntry> {
    for (let after = 0; ; ) {
      const { rows } = await this.pool.query<AuditEntry>('SELECT seq, at, kind, record, prev, hash FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2', [after, page]);
      yield* rows;
      if (rows.length < page) return;
      after = rows.at(-1)!.seq;
    }
  }

  async recent(limit: number, beforeSeq = Number.MAX_SAFE_INTEGER): Promise<AuditEntry[]> {
    return (await this.pool.query<AuditEntry>('SELECT seq, at, kind, record, prev, hash FROM audit WHERE seq < $1 ORDER BY seq DESC LIMIT $2', [beforeSeq, limit])).rows;
  }

  async head(): Promise<AuditHead | undefined> {
    const row = (await this.pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'audit_head'")).rows[0];
    return row && JSON.parse(row.value);
  }
}
