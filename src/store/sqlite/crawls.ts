import type Database from 'better-sqlite3';
import { crawlTally } from '../rows.js';
import type { CrawledPage, CrawlOutcome, CrawlRepository, CrawlRun, CrawlRunState, CrawlTally, CrawlTask } from '../store.js';

interface RunRow {
  id: number;
  portal: string;
  source: string;
  started_at: number;
  finished_at: number | null;
  state: CrawlRunState;
  stats: string;
}

const toRun = (r: RunRow): CrawlRun => ({ id: r.id, portal: r.portal, source: r.source, startedAt: r.started_at, finishedAt: r.finished_at, state: r.state, stats: JSON.parse(r.stats) });

export class SqliteCrawls implements CrawlRepository {
  constructor(private readonly db: Database.Database) {}

  async begin(portal: string, source: string, at: number): Promise<CrawlRun> {
    const id = Number(this.db.prepare("INSERT INTO crawl_runs (portal, source, started_at, state) VALUES (?, ?, ?, 'running')").run(portal, source, at).lastInsertRowid);
    return { id, portal, source, startedAt: at, finishedAt: null, state: 'running', stats: {} };
  }

  async unfinished(portal: string, source: string): Promise<CrawlRun | undefined> {
    const row = this.db.prepare("SELECT * FROM crawl_runs WHERE portal = ? AND source = ? AND state <> 'finished' ORDER BY id DESC LIMIT 1").get(portal, source) as RunRow | undefined;
    return row && toRun(row);
  }

  async end(run: number, state: CrawlRunState, at: number, stats: Record<string, number>): Promise<void> {
    this.db.prepare('UPDATE crawl_runs SET state = ?, finished_at = ?, stats = ? WHERE id = ?').run(state, at, JSON.stringify(stats), run);
  }

  async runs(limit: number): Promise<CrawlRun[]> {
    return (this.db.prepare('SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(toRun);
  }

  async enqueue(run: number, tasks: CrawlTask[]): Promise<number> {
    const insert = this.db.prepare('INSERT OR IGNORE INTO crawl_tasks (run, url, kind, depth, referrer) VALUES (?, ?, ?, ?, ?)');
    return this.db.transaction(() => tasks.reduce((n, t) => n + insert.run(run, t.url, t.kind, t.depth, t.referrer).changes, 0)).immediate();
  }

  async take(run: number, tasks: CrawlTask[]): Promise<CrawlTask[]> {
    const insert = this.db.prepare("INSERT OR IGNORE INTO crawl_tasks (run, url, kind, depth, referrer, state) VALUES (?, ?, ?, ?, ?, 'claimed')");
    const claim = this.db.prepare("UPDATE crawl_tasks SET state = 'claimed' WHERE run = ? AND url = ? AND state = 'queued'");
    return this.db.transaction(() => tasks.filter((t) => insert.run(run, t.url, t.kind, t.depth, t.referrer).changes || claim.run(run, t.url).changes)).immediate();
  }

  async claim(run: number, limit: number): Promise<CrawlTask[]> {
    return this.db
      .transaction(() => {
        const rows = this.db.prepare("SELECT seq, url, kind, depth, referrer FROM crawl_tasks WHERE run = ? AND state = 'queued' AND kind <> 'wp-item' ORDER BY depth, seq LIMIT ?").all(run, limit) as Array<CrawlTask & { seq: number }>;
        const mark = this.db.prepare("UPDATE crawl_tasks SET state = 'claimed' WHERE seq = ?");
        for (const r of rows) mark.run(r.seq);
        return rows.map(({ url, kind, depth, referrer }) => ({ url, kind, depth, referrer }));
      })
      .immediate();
  }

  async unclaim(run: number): Promise<number> {
    return this.db.prepare("UPDATE crawl_tasks SET state = 'queued' WHERE run = ? AND state = 'claimed'").run(run).changes;
  }

  async settle(run: number, url: string, o: CrawlOutcome): Promise<void> {
    this.db.prepare("UPDATE crawl_tasks SET state = 'done', outcome = ?, detail = ? WHERE run = ? AND url = ?").run(o.outcome, o.detail ?? null, run, url);
  }

  async tally(run: number): Promise<CrawlTally> {
    return crawlTally(this.db.prepare('SELECT state, kind, outcome, COUNT(*) AS n FROM crawl_tasks WHERE run = ? GROUP BY state, kind, outcome').all(run) as Parameters<typeof crawlTally>[0]);
  }

  async settled(run: number, limit: number, after = 0): Promise<Array<CrawlTask & CrawlOutcome & { seq: number }>> {
    const rows = this.db
      .prepare("SELECT seq, url, kind, depth, referrer, outcome, detail FROM crawl_tasks WHERE run = ? AND state = 'done' AND seq > ? ORDER BY seq LIMIT ?")
      .all(run, after, limit) as Array<CrawlTask & CrawlOutcome & { seq: number; detail: string | null }>;
    return rows.map(({ detail, ...r }) => (detail === null ? r : { ...r, detail }));
  }

  async page(portal: string, url: string): Promise<CrawledPage | undefined> {
    const row = this.db.prepare('SELECT etag, last_modified, sha256, verdict, links, checked_at FROM crawl_pages WHERE portal = ? AND url = ?').get(portal, url) as
      | { etag: string | null; last_modified: string | null; sha256: string; verdict: string; links: string; checked_at: number }
      | undefined;
    return row && { etag: row.etag, lastModified: row.last_modified, sha256: row.sha256, verdict: row.verdict, links: JSON.parse(row.links), checkedAt: row.checked_at };
  }

  async savePage(portal: string, url: string, p: CrawledPage): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO crawl_pages (portal, url, etag, last_modified, sha256, verdict, links, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(portal, url, p.etag, p.lastModified, p.sha256, p.verdict, JSON.stringify(p.links), p.checkedAt);
  }
}
