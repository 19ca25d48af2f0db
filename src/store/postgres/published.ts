import type pg from 'pg';
import type { HistoryEvent, PublishedFilter, PublishedFinding, PublishedRecord, PublishedRepository, PublishedState } from '../store.js';
import { foundEvent, nextSighting } from '../rows.js';
import { transaction } from './pool.js';

const columns = `id, portal, url, page_url AS "pageUrl", title, sha256, verdict, findings, run, state, found_at AS "foundAt", last_seen_at AS "lastSeenAt", updated_at AS "updatedAt", history`;

export class PostgresPublished implements PublishedRepository {
  constructor(private readonly pool: pg.Pool) {}

  async record(item: PublishedFinding, id: string, at: number): Promise<{ record: PublishedRecord; outcome: 'new' | 'seen' | 'reopened' }> {
    return transaction(this.pool, async (client) => {
      const inserted = await client.query<PublishedRecord>(
        `INSERT INTO published (id, portal, url, page_url, title, sha256, verdict, findings, run, state, found_at, last_seen_at, updated_at, history)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $10, $10, $11) ON CONFLICT (portal, url, sha256) DO NOTHING RETURNING ${columns}`,
        [id, item.portal, item.url, item.pageUrl, item.title, item.sha256, item.verdict, JSON.stringify(item.findings), item.run, at, JSON.stringify([foundEvent(item, at)])],
      );
      if (inserted.rows[0]) return { record: inserted.rows[0], outcome: 'new' as const };
      return (await this.sighting(client, item.portal, item.url, item.sha256, item.run, at))!;
    });
  }

  seenAgain(portal: string, url: string, sha256: string, run: number, at: number): Promise<{ record: PublishedRecord; outcome: 'seen' | 'reopened' } | undefined> {
    return transaction(this.pool, (client) => this.sighting(client, portal, url, sha256, run, at));
  }

  /** Marks an existing item seen, its row locked in the caller's transaction. */
  private async sighting(client: pg.PoolClient, portal: string, url: string, sha256: string, run: number, at: number): Promise<{ record: PublishedRecord; outcome: 'seen' | 'reopened' } | undefined> {
    const existing = (await client.query<PublishedRecord>(`SELECT ${columns} FROM published WHERE portal = $1 AND url = $2 AND sha256 = $3 FOR UPDATE`, [portal, url, sha256])).rows[0];
    if (!existing) return undefined;
    const { state, event } = nextSighting(existing, run, at);
    const updated = await client.query<PublishedRecord>(
      `UPDATE published SET last_seen_at = $2, run = $3, state = $4, updated_at = CASE WHEN $5::jsonb IS NULL THEN updated_at ELSE $2 END,
         history = CASE WHEN $5::jsonb IS NULL THEN history ELSE history || $5::jsonb END WHERE id = $1 RETURNING ${columns}`,
      [existing.id, at, run, state, event ? JSON.stringify([event]) : null],
    );
    return { record: updated.rows[0]!, outcome: event ? 'reopened' : 'seen' };
  }

  async gone(portal: string, url: string, event: HistoryEvent): Promise<PublishedRecord[]> {
    // One statement: the event is added once, however many crawls see the URL gone at the same time.
    const { rows } = await this.pool.query<PublishedRecord>(
      `UPDATE published SET updated_at = $3, history = history || $4::jsonb
       WHERE portal = $1 AND url = $2 AND state IN ('open', 'taken-down') AND history->-1->>'action' IS DISTINCT FROM $5 RETURNING ${columns}`,
      [portal, url, event.at, JSON.stringify([event]), event.action],
    );
    return rows;
  }

  async get(id: string): Promise<PublishedRecord | undefined> {
    return (await this.pool.query<PublishedRecord>(`SELECT ${columns} FROM published WHERE id = $1`, [id])).rows[0];
  }

  async list(f: PublishedFilter): Promise<PublishedRecord[]> {
    const { rows } = await this.pool.query<PublishedRecord>(
      `SELECT ${columns} FROM published WHERE ($1::text IS NULL OR state = $1) AND ($2::text[] IS NULL OR portal = ANY($2)) AND ($3::bigint IS NULL OR run = $3)
       ORDER BY found_at DESC, id DESC LIMIT $4 OFFSET $5`,
      [f.state ?? null, f.portals ?? null, f.run ?? null, f.limit, f.offset],
    );
    return rows;
  }

  async transition(id: string, from: PublishedState[], to: PublishedState, event: HistoryEvent): Promise<boolean> {
    const result = await this.pool.query('UPDATE published SET state = $2, updated_at = $3, history = history || $4::jsonb WHERE id = $1 AND state = ANY($5::text[])', [
      id,
      to,
      event.at,
      JSON.stringify([event]),
      from,
    ]);
    return result.rowCount === 1;
  }

  async count(state: PublishedState): Promise<number> {
    return (await this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM published WHERE state = $1', [state])).rows[0]!.n;
  }
}
