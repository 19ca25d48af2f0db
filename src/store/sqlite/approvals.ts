import type Database from 'better-sqlite3';
import type { Approval, ApprovalRepository } from '../store.js';
import { durable } from './database.js';

export class SqliteApprovals implements ApprovalRepository {
  constructor(private readonly db: Database.Database) {}

  async add(a: Approval): Promise<void> {
    durable(this.db, () =>
      this.db.prepare('INSERT OR REPLACE INTO approvals (content_hash, expires_at, hold_id, approved_by, tag) VALUES (?, ?, ?, ?, ?)').run(a.contentHash, a.expiresAt, a.holdId, a.approvedBy, a.tag),
    );
  }

  async find(contentHash: string, now: number): Promise<Approval | undefined> {
    return this.db
      .prepare('SELECT content_hash AS contentHash, expires_at AS expiresAt, hold_id AS holdId, approved_by AS approvedBy, tag FROM approvals WHERE content_hash = ? AND expires_at > ?')
      .get(contentHash, now) as Approval | undefined;
  }
}
