import type Database from 'better-sqlite3';

const base = `
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

const learned = `
CREATE TABLE IF NOT EXISTS registry_observed (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  -- bottom-k sketch of the allowed document's own content (unkeyed hashes of public text), uint32 little-endian
  sketch BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS registry_observed_at ON registry_observed(at);
CREATE TABLE IF NOT EXISTS registry_seen (
  hash INTEGER NOT NULL,
  observed INTEGER NOT NULL,
  PRIMARY KEY (hash, observed)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS registry_seen_observed ON registry_seen(observed);
CREATE TABLE IF NOT EXISTS registry_learned (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  hash INTEGER NOT NULL UNIQUE,
  at INTEGER NOT NULL,
  docs INTEGER NOT NULL
);
`;

/**
 * The SQLite schema's versions, in order; PRAGMA user_version counts those
 * applied. Files from before versions were counted (tables, no count) pass
 * through 1 unharmed: every step is idempotent.
 */
export const sqliteMigrations: Array<(db: Database.Database) => void> = [
  // 1: the tables, and every user a held request named (a JSON array).
  (db) => {
    db.exec(base);
    addColumn(db, 'holds', 'claimed', 'TEXT');
  },
  // 2: keyed tags on holds and approvals (a database writer without the audit key cannot forge them).
  (db) => {
    addColumn(db, 'holds', 'tag', "TEXT NOT NULL DEFAULT ''");
    addColumn(db, 'approvals', 'tag', "TEXT NOT NULL DEFAULT ''");
  },
  // 3: registrations keep every k-gram's hash (format 2; earlier ones, format 1, must be registered again), and learned boilerplate.
  (db) => {
    addColumn(db, 'registry', 'format', 'INTEGER NOT NULL DEFAULT 1');
    db.exec(learned);
  },
  // 4: several portals behind one gateway: each hold names its portal (those before were the one portal's).
  (db) => {
    addColumn(db, 'holds', 'portal', "TEXT NOT NULL DEFAULT 'default'");
    addColumn(db, 'users', 'portals', 'TEXT');
    db.exec('CREATE INDEX IF NOT EXISTS holds_portal ON holds(portal, state, created_at)');
  },
  // 5: each registration's count of k-grams outside public phrasing, taken on its text (hashes alone cannot tell it exactly).
  (db) => addColumn(db, 'registry', 'countable', 'INTEGER'),
  // 6: users can be disabled (kept for the audit trail's names, never deleted).
  (db) => addColumn(db, 'users', 'disabled', 'INTEGER NOT NULL DEFAULT 0'),
  // 7: console sign-in: passwords (argon2 hashes), lockout, and sessions (ids kept hashed).
  (db) => {
    addColumn(db, 'users', 'password_hash', 'TEXT');
    addColumn(db, 'users', 'failures', 'INTEGER NOT NULL DEFAULT 0');
    addColumn(db, 'users', 'locked_until', 'INTEGER NOT NULL DEFAULT 0');
    db.exec(sessions);
  },
  // 8: crawls of what is already published (frontier, last-seen state per URL) and what they found.
  (db) => db.exec(crawls),
];

const crawls = `
CREATE TABLE IF NOT EXISTS crawl_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  portal TEXT NOT NULL,
  source TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  state TEXT NOT NULL,
  stats TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS crawl_runs_source ON crawl_runs(portal, source, state);
CREATE TABLE IF NOT EXISTS crawl_tasks (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  run INTEGER NOT NULL,
  url TEXT NOT NULL,
  kind TEXT NOT NULL,
  depth INTEGER NOT NULL,
  referrer TEXT,
  state TEXT NOT NULL DEFAULT 'queued',
  outcome TEXT,
  detail TEXT,
  UNIQUE (run, url)
);
CREATE INDEX IF NOT EXISTS crawl_tasks_queue ON crawl_tasks(run, state, depth, seq);
CREATE TABLE IF NOT EXISTS crawl_pages (
  portal TEXT NOT NULL,
  url TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  sha256 TEXT NOT NULL,
  verdict TEXT NOT NULL,
  links TEXT NOT NULL,
  checked_at INTEGER NOT NULL,
  PRIMARY KEY (portal, url)
);
CREATE TABLE IF NOT EXISTS published (
  id TEXT PRIMARY KEY,
  portal TEXT NOT NULL,
  url TEXT NOT NULL,
  page_url TEXT NOT NULL,
  title TEXT,
  sha256 TEXT NOT NULL,
  verdict TEXT NOT NULL,
  findings TEXT NOT NULL,
  run INTEGER NOT NULL,
  state TEXT NOT NULL,
  found_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  history TEXT NOT NULL,
  UNIQUE (portal, url, sha256)
);
CREATE INDEX IF NOT EXISTS published_state ON published(state, found_at);
`;

const sessions = `
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  csrf TEXT NOT NULL,
  via TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  used_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_name);
CREATE INDEX IF NOT EXISTS sessions_used ON sessions(used_at);
`;

function addColumn(db: Database.Database, table: string, column: string, type: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}
