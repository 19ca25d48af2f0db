import type pg from 'pg';
import { transaction } from './pool.js';
import { crawlTally } from '../rows.js';
import type { CrawledPage, CrawlOutcome, CrawlRepository, CrawlRun, CrawlRunState, CrawlTally, CrawlTask } from '../store.js';

const runColumns = 'id, portal, source, started_at AS "startedAt", finished_at AS "finishedAt", state, stats';

export class PostgresCrawls implements CrawlRepository {
  constructor(private readonly pool: pg.Pool) {}

  async begin(portal: string, source: string, at: number): Promise<CrawlRun> {
    return (await this.pool.query<CrawlRun>(`INSERT INTO crawl_runs (portal, source, started_at, state) VALUES ($1, $2, $3, 'running') RETURNING ${runColumns}`, [portal, source, at])).rows[0]!;
  }

  async unfinished(portal: string, source: string): Promise<CrawlRun | undefined> {
    return (await this.pool.query<CrawlRun>(`SELECT ${runColumns} FROM crawl_runs WHERE portal = $1 AND source = $2 AND state <> 'finished' ORDER BY id DESC LIMIT 1`, [portal, source])).rows[0];
  }

  async end(run: number, state: CrawlRunState, at: number, stats: Record<string, number>): Promise<void> {
    await this.pool.query('UPDATE crawl_runs SET state = $2, finished_at = $3, stats = $4 WHERE id = $1', [run, state, at, JSON.stringify(stats)]);
  }

  async runs(limit: number): Promise<CrawlRun[]> {
    return (await this.pool.query<CrawlRun>(`SELECT ${runColumns} FROM crawl_runs ORDER BY id DESC LIMIT $1`, [limit])).rows;
  }

  async enqueue(run: number, tasks: CrawlTask[]): Promise<number> {
    if (!tasks.length) return 0;
    // One statement for the batch, in the order given (discovery order is the report's order).
    const result = await this.pool.query(
      `INSERT INTO crawl_tasks (run, url, kind, depth, referrer)
       SELECT $1, t.url, t.kind, t.depth, t.referrer FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) WITH ORDINALITY AS t(url, kind, depth, referrer, n)
       ORDER BY t.n ON CONFLICT (run, url) DO NOTHING`,
      [run, tasks.map((t) => t.url), tasks.map((t) => t.kind), tasks.map((t) => t.depth), tasks.map((t) => t.referrer)],
    );
    return result.rowCount ?? 0;
  }

  async take(run: number, tasks: CrawlTask[]): Promise<CrawlTask[]> {
    if (!tasks.length) return [];
    return transaction(this.pool, async (client) => {
      const inserted = await client.query<{ url: string }>(
        `INSERT INTO crawl_tasks (run, url, kind, depth, referrer, state)
         SELECT $1, t.url, t.kind, t.depth, t.referrer, 'claimed' FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS t(url, kind, depth, referrer)
         ON CONFLICT (run, url) DO NOTHING RETURNING url`,
        [run, tasks.map((t) => t.url), tasks.map((t) => t.kind), tasks.map((t) => t.depth), tasks.map((t) => t.referrer)],
      );
      const claimed = await client.query<{ url: string }>("UPDATE crawl_tasks SET state = 'claimed' WHERE run = $1 AND url = ANY($2::text[]) AND state = 'queued' RETURNING url", [run, tasks.map((t) => t.url)]);
      const mine = new Set([...inserted.rows, ...claimed.rows].map((r) => r.url));
      return tasks.filter((t) => mine.has(t.url));
    });
  }

  async claim(run: number, limit: number): Promise<CrawlTask[]> {
    const { rows } = await this.pool.query<CrawlTask & { seq: number }>(
      `UPDATE crawl_tasks SET state = 'claimed' WHERE seq IN (
         SELECT seq FROM crawl_tasks WHERE run = $1 AND state = 'queued' AND kind <> 'wp-item' ORDER BY depth, seq LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING seq, url, kind, depth, referrer`,
      [run, limit],
    );
    return rows.sort((a, b) => a.depth - b.depth || a.seq - b.seq).map(({ url, kind, depth, referrer }) => ({ url, kind, depth, referrer }));
  }

  async unclaim(run: number): Promise<number> {
    return (await this.pool.query("UPDATE crawl_tasks SET state = 'queued' WHERE run = $1 AND state = 'claimed'", [run])).rowCount ?? 0;
  }

  async settle(run: number, url: string, o: CrawlOutcome): Promise<void> {
    await this.pool.query("UPDATE crawl_tasks SET state = 'done', outcome = $3, detail = $4 WHERE run = $1 AND url = $2", [run, url, o.outcome, o.detail ?? null]);
  }

  async tally(run: number): Promise<CrawlTally> {
    const { rows } = await this.pool.query<Parameters<typeof crawlTally>[0][number]>('SELECT state, kind, outcome, COUNT(*)::int AS n FROM crawl_tasks WHERE run = $1 GROUP BY state, kind, outcome', [run]);
    return crawlTally(rows);
  }

  async settled(run: number, limit: number, after = 0): Promise<Array<CrawlTask & CrawlOutcome & { seq: number }>> {
    const { rows } = await this.pool.query<CrawlTask & CrawlOutcome & { seq: number; detail: string | null }>(
      "SELECT seq, url, kind, depth, referrer, outcome, detail FROM crawl_tasks WHERE run = $1 AND state = 'done' AND seq > $2 ORDER BY seq LIMIT $3",
      [run, after, limit],
    );
    return rows.map(({ detail, ...r }) => (detail === null ? r : { ...r, detail }));
  }

  async page(portal: string, url: string): Promise<CrawledPage | undefined> {
    return (
      await this.pool.query<CrawledPage>(
        'SELECT etag, last_modified AS "lastModified", sha256, verdict, links, checked_at AS "checkedAt" FROM crawl_pages WHERE portal = $1 AND url = $2',
        [portal, url],
      )
    ).rows[0];
  }

  async savePage(portal: string, url: string, p: CrawledPage): Promise<void> {
    await this.pool.query(
      `INSERT INTO crawl_pages (portal, url, etag, last_modified, sha256, verdict, links, checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (portal, url) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, sha256 = EXCLUDED.sha256, verdict = EXCLUDED.verdict, links = EXCLUDED.links, checked_at = EXCLUDED.checked_at`,
      [portal, url, p.etag, p.lastModified, p.sha256, p.verdict, JSON.stringify(p.links), p.checkedAt],
    );
  }
}
