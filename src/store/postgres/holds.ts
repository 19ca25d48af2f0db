import type pg from 'pg';
import type { HistoryEvent, HoldFilter, HoldRecord, HoldRepository, HoldState, NewHold } from '../store.js';
import { heldEvent } from '../rows.js';

const columns = `id, created_at AS "createdAt", updated_at AS "updatedAt", state, request_id AS "requestId", portal, route, method, path, submitter, claimed AS claims,
  content_hash AS "contentHash", tag, findings, parts, history, reason, upstream_status AS "upstreamStatus"`;

export class PostgresHolds implements HoldRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(h: NewHold): Promise<void> {
    await this.pool.query(
      `INSERT INTO holds (id, created_at, updated_at, state, request_id, route, method, path, submitter, claimed, content_hash, tag, findings, parts, history, sealed, portal)
       VALUES ($1, $2, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [h.id, h.createdAt, h.requestId, h.route, h.method, h.path, h.submitter, JSON.stringify(h.claims), h.contentHash, h.tag, JSON.stringify(h.findings), JSON.stringify(h.parts), JSON.stringify([heldEvent(h)]), h.sealed, h.portal],
    );
  }

  async get(id: string): Promise<HoldRecord | undefined> {
    return (await this.pool.query<HoldRecord>(`SELECT ${columns} FROM holds WHERE id = $1`, [id])).rows[0];
  }

  async sealed(id: string): Promise<Buffer | undefined> {
    return (await this.pool.query<{ sealed: Buffer }>('SELECT sealed FROM holds WHERE id = $1', [id])).rows[0]?.sealed;
  }

  async list(filter: HoldFilter): Promise<HoldRecord[]> {
    const { rows } = await this.pool.query<HoldRecord>(
      `SELECT ${columns} FROM holds WHERE ($1::text IS NULL OR state = $1) AND ($2::text[] IS NULL OR portal = ANY($2)) ORDER BY created_at ${filter.oldestFirst ? 'ASC' : 'DESC'}, id ${filter.oldestFirst ? 'ASC' : 'DESC'} LIMIT $3 OFFSET $4`,
      [filter.state ?? null, filter.portals ?? null, filter.limit, filter.offset],
    );
    return rows;
  }

  async transition(id: string, from: HoldState[], to: HoldState, event: HistoryEvent, patch: { reason?: string; upstreamStatus?: number } = {}): Promise<boolean> {
    // One statement: the row lock it takes makes it a compare-and-set across every replica.
    const result = await this.pool.query(
      `UPDATE holds SET state = $2, updated_at = $3, history = history || $4::jsonb, reason = COALESCE($5, reason), upstream_status = COALESCE($6, upstream_status)
       WHERE id = $1 AND state = ANY($7::text[])`,
      [id, to, event.at, JSON.stringify([event]), patch.reason ?? null, patch.upstreamStatus ?? null, from],
    );
    return result.rowCount === 1;
  }

  async pendingStats(): Promise<{ count: number; oldestCreatedAt: number | null }> {
    const row = (await this.pool.query<{ count: number; oldest: number | null }>("SELECT COUNT(*)::int AS count, MIN(created_at) AS oldest FROM holds WHERE state = 'pending'")).rows[0]!;
    return { count: row.count, oldestCreatedAt: row.oldest };
  }

  async count(state: HoldState): Promise<number> {
    return (await this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM holds WHERE state = $1', [state])).rows[0]!.n;
  }
}
