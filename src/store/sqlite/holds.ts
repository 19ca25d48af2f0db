import type Database from 'better-sqlite3';
import type { HistoryEvent, HoldFilter, HoldRecord, HoldRepository, HoldState, NewHold } from '../store.js';
import { heldEvent } from '../rows.js';
import { durable } from './database.js';

interface HoldRow {
  id: string;
  created_at: number;
  updated_at: number;
  state: HoldState;
  request_id: string;
  portal: string;
  route: string;
  method: string;
  path: string;
  submitter: string | null;
  claimed: string | null;
  content_hash: string;
  tag: string;
  findings: string;
  parts: string;
  history: string;
  reason: string | null;
  upstream_status: number | null;
}

const columns = 'id, created_at, updated_at, state, request_id, portal, route, method, path, submitter, claimed, content_hash, tag, findings, parts, history, reason, upstream_status';

function toRecord(r: HoldRow): HoldRecord {
  return {
    id: r.id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    state: r.state,
    requestId: r.request_id,
    portal: r.portal,
    route: r.route,
    method: r.method,
    path: r.path,
    submitter: r.submitter,
    claims: r.claimed ? (JSON.parse(r.claimed) as string[]) : [],
    contentHash: r.content_hash,
    tag: r.tag,
    findings: JSON.parse(r.findings),
    parts: JSON.parse(r.parts),
    history: JSON.parse(r.history),
    reason: r.reason,
    upstreamStatus: r.upstream_status,
  };
}

export class SqliteHolds implements HoldRepository {
  constructor(private readonly db: Database.Database) {}

  async create(h: NewHold): Promise<void> {
    durable(this.db, () =>
      this.db
        .prepare(`INSERT INTO holds (${columns}, sealed) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`)
        .run(h.id, h.createdAt, h.createdAt, h.requestId, h.portal, h.route, h.method, h.path, h.submitter, JSON.stringify(h.claims), h.contentHash, h.tag, JSON.stringify(h.findings), JSON.stringify(h.parts), JSON.stringify([heldEvent(h)]), h.sealed),
    );
  }

  async get(id: string): Promise<HoldRecord | undefined> {
    const row = this.db.prepare(`SELECT ${columns} FROM holds WHERE id = ?`).get(id) as HoldRow | undefined;
    return row && toRecord(row);
  }

  async sealed(id: string): Promise<Buffer | undefined> {
    const row = this.db.prepare('SELECT sealed FROM holds WHERE id = ?').get(id) as { sealed: Buffer } | undefined;
    return row?.sealed;
  }

  async list(filter: HoldFilter): Promise<HoldRecord[]> {
    const rows = this.db
      .prepare(`SELECT ${columns} FROM holds WHERE (? IS NULL OR state = ?) AND (? IS NULL OR portal IN (SELECT value FROM json_each(?))) ORDER BY created_at ${filter.oldestFirst ? 'ASC' : 'DESC'}, id ${filter.oldestFirst ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`)
      .all(filter.state ?? null, filter.state ?? null, filter.portals ? 1 : null, JSON.stringify(filter.portals ?? []), filter.limit, filter.offset) as HoldRow[];
    return rows.map(toRecord);
  }

  async transition(id: string, from: HoldState[], to: HoldState, event: HistoryEvent, patch: { reason?: string; upstreamStatus?: number } = {}): Promise<boolean> {
    const run = this.db.transaction(() => {
      const row = this.db.prepare('SELECT state, history FROM holds WHERE id = ?').get(id) as { state: HoldState; history: string } | undefined;
      if (!row || !from.includes(row.state)) return false;
      const history = JSON.parse(row.history) as HistoryEvent[];
      history.push(event);
      this.db
        .prepare('UPDATE holds SET state = ?, updated_at = ?, history = ?, reason = COALESCE(?, reason), upstream_status = COALESCE(?, upstream_status) WHERE id = ?')
        .run(to, event.at, JSON.stringify(history), patch.reason ?? null, patch.upstreamStatus ?? null, id);
      return true;
    });
    // IMMEDIATE: the write lock before the read, so two processes cannot both see `from`.
    return durable(this.db, () => run.immediate());
  }

  async pendingStats(): Promise<{ count: number; oldestCreatedAt: number | null }> {
    const row = this.db.prepare("SELECT COUNT(*) AS count, MIN(created_at) AS oldest FROM holds WHERE state = 'pending'").get() as { count: number; oldest: number | null };
    return { count: row.count, oldestCreatedAt: row.oldest };
  }

  async count(state: HoldState): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM holds WHERE state = ?').get(state) as { n: number }).n;
  }
}
