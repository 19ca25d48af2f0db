import type Database from 'better-sqlite3';
import type { HistoryEvent, PublishedFilter, PublishedFinding, PublishedRecord, PublishedRepository, PublishedState } from '../store.js';
import { durable } from './database.js';
import { foundEvent, nextSighting } from '../rows.js';

interface Row {
  id: string;
  portal: string;
  url: string;
  page_url: string;
  title: string | null;
  sha256: string;
  verdict: 'hold' | 'block';
  findings: string;
  run: number;
  state: PublishedState;
  found_at: number;
  last_seen_at: number;
  updated_at: number;
  history: string;
}

const toRecord = (r: Row): PublishedRecord => ({
  id: r.id,
  portal: r.portal,
  url: r.url,
  pageUrl: r.page_url,
  title: r.title,
  sha256: r.sha256,
  verdict: r.verdict,
  findings: JSON.parse(r.findings),
  run: r.run,
  state: r.state,
  foundAt: r.found_at,
  lastSeenAt: r.last_seen_at,
  updatedAt: r.updated_at,
  history: JSON.parse(r.history),
});

export class SqlitePublished implements PublishedRepository {
  constructor(private readonly db: Database.Database) {}

  async record(item: PublishedFinding, id: string, at: number): Promise<{ record: PublishedRecord; outcome: 'new' | 'seen' | 'reopened' }> {
    const run = this.db.transaction(() => {
      const seen = this.sighting(item.portal, item.url, item.sha256, item.run, at);
      if (seen) return seen;
      this.db
        .prepare("INSERT INTO published (id, portal, url, page_url, title, sha256, verdict, findings, run, state, found_at, last_seen_at, updated_at, history) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)")
        .run(id, item.portal, item.url, item.pageUrl, item.title, item.sha256, item.verdict, JSON.stringify(item.findings), item.run, at, at, at, JSON.stringify([foundEvent(item, at)]));
      return { id, outcome: 'new' as const };
    });
    const { id: stored, outcome } = durable(this.db, () => run.immediate());
    return { record: (await this.get(stored))!, outcome };
  }

  async seenAgain(portal: string, url: string, sha256: string, runId: number, at: number): Promise<{ record: PublishedRecord; outcome: 'seen' | 'reopened' } | undefined> {
    const seen = durable(this.db, () => this.db.transaction(() => this.sighting(portal, url, sha256, runId, at)).immediate());
    return seen && { record: (await this.get(seen.id))!, outcome: seen.outcome };
  }

  /** Marks an existing item seen (inside the caller's transaction). */
  private sighting(portal: string, url: string, sha256: string, runId: number, at: number): { id: string; outcome: 'seen' | 'reopened' } | undefined {
    const row = this.db.prepare('SELECT * FROM published WHERE portal = ? AND url = ? AND sha256 = ?').get(portal, url, sha256) as Row | undefined;
    if (!row) return undefined;
    const { state, event } = nextSighting(toRecord(row), runId, at);
    const history = JSON.parse(row.history) as HistoryEvent[];
    if (event) history.push(event);
    this.db.prepare('UPDATE published SET last_seen_at = ?, run = ?, state = ?, updated_at = ?, history = ? WHERE id = ?').run(at, runId, state, event ? at : row.updated_at, JSON.stringify(history), row.id);
    return { id: row.id, outcome: event ? 'reopened' : 'seen' };
  }

  async gone(portal: string, url: string, event: HistoryEvent): Promise<PublishedRecord[]> {
    const run = this.db.transaction(() => {
      const rows = this.db.prepare("SELECT * FROM published WHERE portal = ? AND url = ? AND state IN ('open', 'taken-down')").all(portal, url) as Row[];
      const marked: string[] = [];
      for (const row of rows) {
        const history = JSON.parse(row.history) as HistoryEvent[];
        if (history.at(-1)?.action === event.action) continue;
        history.push(event);
        this.db.prepare('UPDATE published SET updated_at = ?, history = ? WHERE id = ?').run(event.at, JSON.stringify(history), row.id);
        marked.push(row.id);
      }
      return marked;
    });
    const ids = durable(this.db, () => run.immediate());
    return Promise.all(ids.map(async (id) => (await this.get(id))!));
  }

  async get(id: string): Promise<PublishedRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM published WHERE id = ?').get(id) as Row | undefined;
    return row && toRecord(row);
  }

  async list(f: PublishedFilter): Promise<PublishedRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM published WHERE (? IS NULL OR state = ?) AND (? IS NULL OR portal IN (SELECT value FROM json_each(?))) AND (? IS NULL OR run = ?) ORDER BY found_at DESC, id DESC LIMIT ? OFFSET ?')
      .all(f.state ?? null, f.state ?? null, f.portals ? 1 : null, JSON.stringify(f.portals ?? []), f.run ?? null, f.run ?? null, f.limit, f.offset) as Row[];
    return rows.map(toRecord);
  }

  async transition(id: string, from: PublishedState[], to: PublishedState, event: HistoryEvent): Promise<boolean> {
    const run = this.db.transaction(() => {
      const row = this.db.prepare('SELECT state, history FROM published WHERE id = ?').get(id) as { state: PublishedState; history: string } | undefined;
      if (!row || !from.includes(row.state)) return false;
      const history = JSON.parse(row.history) as HistoryEvent[];
      history.push(event);
      this.db.prepare('UPDATE published SET state = ?, updated_at = ?, history = ? WHERE id = ?').run(to, event.at, JSON.stringify(history), id);
      return true;
    });
    return durable(this.db, () => run.immediate());
  }

  async count(state: PublishedState): Promise<number> {
    return this.db.prepare('SELECT COUNT(*) FROM published WHERE state = ?').pluck().get(state) as number;
  }
}
