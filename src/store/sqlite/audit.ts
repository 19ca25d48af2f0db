import type Database from 'better-sqlite3';
import type { AuditEntry, AuditHead, AuditRepository, AuditSeal } from '../store.js';

export class SqliteAudit implements AuditRepository {
  private readonly appendTx: Database.Transaction<(kind: string, at: number, record: string, seal: AuditSeal) => AuditEntry>;

  constructor(private readonly db: Database.Database) {
    // Prepared once: an append runs on every inspected request.
    const last = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    const insert = db.prepare('INSERT INTO audit (seq, at, kind, record, prev, hash) VALUES (?, ?, ?, ?, ?, ?)');
    const head = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)");
    this.appendTx = db.transaction((kind: string, at: number, record: string, seal: AuditSeal): AuditEntry => {
      const previous = last.get() as { seq: number; hash: string } | undefined;
      const seq = (previous?.seq ?? 0) + 1;
      const prev = previous?.hash ?? '';
      const { hash, tag } = seal(prev, seq);
      insert.run(seq, at, kind, record, prev, hash);
      head.run(JSON.stringify({ seq, hash, tag }));
      return { seq, at, kind, record, prev, hash };
    });
  }

  async append(kind: string, at: number, record: string, seal: AuditSeal): Promise<AuditEntry> {
    // IMMEDIATE: take the write lock first, so appends from several processes stay one linear chain.
    return this.appendTx.immediate(kind, at, record, seal);
  }

  async *entries(): AsyncIterable<AuditEntry> {
    for (const row of this.db.prepare('SELECT seq, at, kind, record, prev, hash FROM audit ORDER BY seq').iterate()) yield row as AuditEntry;
  }

  async recent(limit: number, beforeSeq = Number.MAX_SAFE_INTEGER): Promise<AuditEntry[]> {
    return this.db.prepare('SELECT seq, at, kind, record, prev, hash FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(beforeSeq, limit) as AuditEntry[];
  }

  async head(): Promise<AuditHead | undefined> {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'audit_head'").get() as { value: string } | undefined;
    return row && JSON.parse(row.value);
  }
}
