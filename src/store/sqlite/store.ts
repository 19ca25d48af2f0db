import type Database from 'better-sqlite3';
import type { SchemaVersion, Store } from '../store.js';
import { SqliteApprovals } from './approvals.js';
import { SqliteAudit } from './audit.js';
import { SqliteCrawls } from './crawls.js';
import { openDatabase, schemaVersion } from './database.js';
import { SqliteHolds } from './holds.js';
import { SqliteLearned } from './learned.js';
import { sqliteMigrations } from './migrations.js';
import { SqlitePublished } from './published.js';
import { SqliteRegistry } from './registry.js';
import { SqliteSessions } from './sessions.js';
import { SqliteSettings } from './settings.js';
import { SqliteUsers } from './users.js';

/** How often a process looks for registry changes another process made to the file. */
const registryPollMs = 1000;

/** The embedded default store: one SQLite file in WAL mode, shared by the gateway, its scan workers and the CLI. */
export class SqliteStore implements Store {
  readonly backend = 'sqlite';
  readonly holds: SqliteHolds;
  readonly approvals: SqliteApprovals;
  readonly audit: SqliteAudit;
  readonly users: SqliteUsers;
  readonly sessions: SqliteSessions;
  readonly registry: SqliteRegistry;
  readonly learned: SqliteLearned;
  readonly settings: SqliteSettings;
  readonly crawls: SqliteCrawls;
  readonly published: SqlitePublished;
  private readonly db: Database.Database;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(file: string, options: { migrate?: boolean } = {}) {
    this.db = openDatabase(file, options.migrate ?? false);
    this.holds = new SqliteHolds(this.db);
    this.approvals = new SqliteApprovals(this.db);
    this.audit = new SqliteAudit(this.db);
    this.users = new SqliteUsers(this.db);
    this.sessions = new SqliteSessions(this.db);
    this.registry = new SqliteRegistry(this.db);
    this.learned = new SqliteLearned(this.db);
    this.settings = new SqliteSettings(this.db);
    this.crawls = new SqliteCrawls(this.db);
    this.published = new SqlitePublished(this.db);
  }

  onRegistryChange(listener: () => void): () => void {
    // The registry version and the learned count move on every change: two one-row reads a second.
    const state = () => `${this.db.prepare("SELECT value FROM meta WHERE key = 'registry_version'").pluck().get() ?? 0}/${this.db.prepare('SELECT MAX(seq) FROM registry_learned').pluck().get() ?? 0}`;
    let last = state();
    const timer = setInterval(() => {
      if (!this.db.open) return;
      const now = state();
      if (now !== last) (last = now), listener();
    }, registryPollMs).unref();
    this.timers.add(timer);
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  async schema(): Promise<SchemaVersion> {
    return { current: schemaVersion(this.db), latest: sqliteMigrations.length };
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.db.close();
  }
}
