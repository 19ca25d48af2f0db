import type pg from 'pg';
import type { Approval, ApprovalRepository } from '../store.js';

export class PostgresApprovals implements ApprovalRepository {
  constructor(private readonly pool: pg.Pool) {}

  async add(a: Approval): Promise<void> {
    await this.pool.query(
      `INSERT INTO approvals (content_hash, expires_at, hold_id, approved_by, tag) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (content_hash) DO UPDATE SET expires_at = excluded.expires_at, hold_id = excluded.hold_id, approved_by = excluded.approved_by, tag = excluded.tag`,
      [a.contentHash, a.expiresAt, a.holdId, a.approvedBy, a.tag],
    );
  }

  async find(contentHash: string, now: number): Promise<Approval | undefined> {
    const { rows } = await this.pool.query<Approval>(
      'SELECT content_hash AS "contentHash", expires_at AS "expiresAt", hold_id AS "holdId", approved_by AS "approvedBy", tag FROM approvals WHERE content_hash = $1 AND expires_at > $2',
      [contentHash, now],
    );
    return rows[0];
  }
}
