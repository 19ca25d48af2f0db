import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { learnedSchema, SqliteLearned } from './sqlite-learned.js';
import type { Approval, AuditEntry, AuditHead, AuditSeal, HistoryEvent, HoldRecord, HoldState, LearnedFingerprint, NewHold, Observed, RegisteredDocument, Role, Store, User } from './store.js';

const schema = `
CREATE TABLE IF NOT EXISTS holds (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  request_id TEXT NOT NULL,
  route TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  submitter TEXT,
  content_hash TEXT NOT NULL,
  findings TEXT NOT NULL,
  parts TEXT NOT NULL,
  history TEXT NOT NULL,
  reason TEXT,
  upstream_status INTEGER,
  sealed BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS holds_state ON holds(state, created_at);
CREATE TABLE IF NOT EXISTS approvals (
  content_hash TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL,
  hold_id TEXT NOT NULL,
  approved_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  record TEXT NOT NULL,
  prev TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS registry (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT,
  doc_number TEXT,
  issuer TEXT,
  level TEXT NOT NULL,
  period TEXT,
  received_on TEXT,
  registered_by TEXT NOT NULL,
  registered_at INTEGER NOT NULL,
  chars INTEGER NOT NULL,
  fingerprints INTEGER NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  -- keyed hashes, uint32 little-endian, in text order (format 1: the winnowed fingerprints; 2: every k-gram): never the text
  hashes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
`;

/** Changes to a store made by an earlier version, in order; PRAGMA user_version counts those applied. */
const migrations = [
  // 1: every user a held request named (a JSON array).
  (db: Database.Database) => addColumn(db, 'holds', 'claimed', 'TEXT'),
  // 2: keyed tags on holds and approvals (a database writer without the audit key cannot forge them).
  (db: Database.Database) => {
    addColumn(db, 'holds', 'tag', "TEXT NOT NULL DEFAULT ''");
    addColumn(db, 'approvals', 'tag', "TEXT NOT NULL DEFAULT ''");
  },
  // 3: registrations keep every k-gram's hash (format 2; earlier ones, format 1, must be registered again), and learned boilerplate.
  (db: Database.Database) => {
    addColumn(db, 'registry', 'format', 'INTEGER NOT NULL DEFAULT 1');
    db.exec(learnedSchema);
  },
];

function addColumn(db: Database.Database, table: string, column: string, type: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}

const registeredColumns =
  'id, title, doc_number AS docNumber, issuer, level, period, received_on AS receivedOn, registered_by AS registeredBy, registered_at AS registeredAt, chars, fingerprints, sha256';

interface HoldRow {
  id: string;
  created_at: number;
  updated_at: number;
  state: HoldState;
  request_id: string;
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

const holdColumns = 'id, created_at, updated_at, state, request_id, route, method, path, submitter, claimed, content_hash, tag, findings, parts, history, reason, upstream_status';

function toRecord(r: HoldRow): HoldRecord {
  return {
    id: r.id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    state: r.state,
    requestId: r.request_id,
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

/** The embedded default store: one SQLite file in WAL mode in the data directory. */
export class SqliteStore implements Store {
  readonly db: Database.Database;

  constructor(dataDir: string, file = 'baomi.db') {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.db = new Database(join(dataDir, file));
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: every commit survives a process crash (kill -9); FULL is
    // switched on around holds and review decisions so those survive power loss too.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(schema);
    // Only a store that is behind takes the write lock (a scan worker opening the same file must not wait for it).
    if ((this.db.pragma('user_version', { simple: true }) as number) < migrations.length) {
      this.db.transaction(() => {
        const version = this.db.pragma('user_version', { simple: true }) as number;
        for (let v = version; v < migrations.length; v++) migrations[v]!(this.db);
        this.db.pragma(`user_version = ${migrations.length}`);
      }).immediate();
    }
    this.learned = new SqliteLearned(this.db);
    // Prepared once: the audit append runs on every inspected request.
    const last = this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    const insert = this.db.prepare('INSERT INTO audit (seq, at, kind, record, prev, hash) VALUES (?, ?, ?, ?, ?, ?)');
    const head = this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)");
    this.appendAuditTx = this.db.transaction((kind: string, at: number, record: string, seal: AuditSeal): AuditEntry => {
      const previous = last.get() as { seq: number; hash: string } | undefined;
      const seq = (previous?.seq ?? 0) + 1;
      const prev = previous?.hash ?? '';
      const { hash, tag } = seal(prev, seq);
      insert.run(seq, at, kind, record, prev, hash);
      head.run(JSON.stringify({ seq, hash, tag }));
      return { seq, at, kind, record, prev, hash };
    });
  }

  private readonly learned: SqliteLearned;
  private readonly appendAuditTx: Database.Transaction<(kind: string, at: number, record: string, seal: AuditSeal) => AuditEntry>;

  /** Runs `work` with every commit synced to disk (the editor is told "held" only after). */
  private durable<T>(work: () => T): T {
    this.db.pragma('synchronous = FULL');
    try {
      return work();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  async createHold(h: NewHold): Promise<void> {
    this.durable(() => this.db
      .prepare(
        `INSERT INTO holds (${holdColumns}, sealed) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`,
      )
      .run(
        h.id,
        h.createdAt,
        h.createdAt,
        h.requestId,
        h.route,
        h.method,
        h.path,
        h.submitter,
        JSON.stringify(h.claims),
        h.contentHash,
        h.tag,
        JSON.stringify(h.findings),
        JSON.stringify(h.parts),
        JSON.stringify([{ at: h.createdAt, actor: h.submitter ?? h.claims[0] ?? 'unknown', action: 'held' }]),
        h.sealed,
      ));
  }

  async getHold(id: string): Promise<HoldRecord | undefined> {
    const row = this.db.prepare(`SELECT ${holdColumns} FROM holds WHERE id = ?`).get(id) as HoldRow | undefined;
    return row && toRecord(row);
  }

  async sealedRequest(id: string): Promise<Buffer | undefined> {
    const row = this.db.prepare('SELECT sealed FROM holds WHERE id = ?').get(id) as { sealed: Buffer } | undefined;
    return row?.sealed;
  }

  async listHolds(filter: { state?: HoldState; limit: number; offset: number }): Promise<HoldRecord[]> {
    const rows = (
      filter.state
        ? this.db.prepare(`SELECT ${holdColumns} FROM holds WHERE state = ? ORDER BY created_at DESC LIMIT ? OFFSET ?`).all(filter.state, filter.limit, filter.offset)
        : this.db.prepare(`SELECT ${holdColumns} FROM holds ORDER BY created_at DESC LIMIT ? OFFSET ?`).all(filter.limit, filter.offset)
    ) as HoldRow[];
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
    return this.durable(() => run.immediate());
  }

  async pendingStats(): Promise<{ count: number; oldestCreatedAt: number | null }> {
    const row = this.db.prepare("SELECT COUNT(*) AS count, MIN(created_at) AS oldest FROM holds WHERE state = 'pending'").get() as { count: number; oldest: number | null };
    return { count: row.count, oldestCreatedAt: row.oldest };
  }

  async countHolds(state: HoldState): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM holds WHERE state = ?').get(state) as { n: number }).n;
  }

  async addApproval(a: Approval): Promise<void> {
    this.durable(() =>
      this.db.prepare('INSERT OR REPLACE INTO approvals (content_hash, expires_at, hold_id, approved_by, tag) VALUES (?, ?, ?, ?, ?)').run(a.contentHash, a.expiresAt, a.holdId, a.approvedBy, a.tag),
    );
  }

  async approvalFor(contentHash: string, now: number): Promise<Approval | undefined> {
    return this.db
      .prepare('SELECT content_hash AS contentHash, expires_at AS expiresAt, hold_id AS holdId, approved_by AS approvedBy, tag FROM approvals WHERE content_hash = ? AND expires_at > ?')
      .get(contentHash, now) as Approval | undefined;
  }

  async appendAudit(kind: string, at: number, record: string, seal: AuditSeal): Promise<AuditEntry> {
    // IMMEDIATE: take the write lock first, so appends from several processes stay one linear chain.
    return this.appendAuditTx.immediate(kind, at, record, seal);
  }

  async *auditEntries(): AsyncIterable<AuditEntry> {
    for (const row of this.db.prepare('SELECT seq, at, kind, record, prev, hash FROM audit ORDER BY seq').iterate()) yield row as AuditEntry;
  }

  async auditHead(): Promise<AuditHead | undefined> {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'audit_head'").get() as { value: string } | undefined;
    return row && JSON.parse(row.value);
  }

  async addUser(name: string, role: Role, tokenHash: string): Promise<void> {
    this.db
      .prepare('INSERT INTO users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash')
      .run(name, role, tokenHash, Date.now());
  }

  async userByTokenHash(tokenHash: string): Promise<User | undefined> {
    return this.db.prepare('SELECT name, role FROM users WHERE token_hash = ?').get(tokenHash) as User | undefined;
  }

  async addRegistered(doc: Omit<RegisteredDocument, 'id'>, grams: Uint32Array): Promise<number> {
    const bytes = Buffer.from(grams.buffer, grams.byteOffset, grams.byteLength);
    return this.db.transaction(() => {
      const result = this.db
        .prepare('INSERT INTO registry (title, doc_number, issuer, level, period, received_on, registered_by, registered_at, chars, fingerprints, sha256, hashes, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2)')
        .run(doc.title, doc.docNumber, doc.issuer, doc.level, doc.period, doc.receivedOn, doc.registeredBy, doc.registeredAt, doc.chars, doc.fingerprints, doc.sha256, bytes);
      this.bumpRegistryVersion();
      return Number(result.lastInsertRowid);
    })();
  }

  async removeRegistered(id: number): Promise<RegisteredDocument | undefined> {
    return this.db.transaction(() => {
      const row = this.db.prepare(`DELETE FROM registry WHERE id = ? RETURNING ${registeredColumns}`).get(id) as RegisteredDocument | undefined;
      if (row) this.bumpRegistryVersion();
      return row;
    })();
  }

  private bumpRegistryVersion(): void {
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('registry_version', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1").run();
  }

  async registryVersion(): Promise<number> {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'registry_version'").get() as { value: string } | undefined;
    return Number(row?.value ?? 0);
  }

  async registryParams(set?: string): Promise<string | undefined> {
    if (set !== undefined) this.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('registry_params', ?)").run(set);
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'registry_params'").get() as { value: string } | undefined;
    return row?.value;
  }

  async listRegistered(): Promise<RegisteredDocument[]> {
    return this.db.prepare(`SELECT ${registeredColumns} FROM registry ORDER BY id`).all() as RegisteredDocument[];
  }

  async *registeredGrams(ids?: number[]): AsyncIterable<[number, Uint32Array]> {
    const rows = ids
      ? this.db.prepare('SELECT id, hashes FROM registry WHERE format = 2 AND id IN (SELECT value FROM json_each(?)) ORDER BY id').iterate(JSON.stringify(ids))
      : this.db.prepare('SELECT id, hashes FROM registry WHERE format = 2 ORDER BY id').iterate();
    for (const row of rows as Iterable<{ id: number; hashes: Buffer }>) {
      // Copied: the row's buffer is not guaranteed to be 4-byte aligned.
      yield [row.id, new Uint32Array(new Uint8Array(row.hashes).buffer)];
    }
  }

  async observationsSeeing(hashes: number[], limit: number): Promise<Observed[]> {
    return this.learned.observationsSeeing(hashes, limit);
  }

  async recordObservation(o: { sameAs?: number; sketch: number[]; hashes: number[] }, at: number, forgetBefore: number): Promise<Map<number, number>> {
    return this.learned.recordObservation(o, at, forgetBefore);
  }

  async addLearned(entries: Array<{ hash: number; docs: number }>, at: number, max: number): Promise<LearnedFingerprint[]> {
    return this.learned.addLearned(entries, at, max);
  }

  async learnedFingerprints(after: number): Promise<LearnedFingerprint[]> {
    return this.learned.learnedFingerprints(after);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
