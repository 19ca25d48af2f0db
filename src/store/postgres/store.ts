import pg from 'pg';
import { checkSchema } from '../errors.js';
import type { SchemaVersion, Store } from '../store.js';
import { PostgresApprovals } from './approvals.js';
import { PostgresAudit } from './audit.js';
import { PostgresCrawls } from './crawls.js';
import { PostgresHolds } from './holds.js';
import { PostgresLearned } from './learned.js';
import { postgresMigrations } from './migrations.js';
import { createPool, locks, registryChannel, transaction } from './pool.js';
import { PostgresPublished } from './published.js';
import { PostgresRegistry } from './registry.js';
import { PostgresSessions } from './sessions.js';
import { PostgresSettings } from './settings.js';
import { PostgresUsers } from './users.js';
import { RegistryListener } from './listener.js';

/** The store for several replicas: every table in one PostgreSQL database, registry changes announced with NOTIFY. */
export class PostgresStore implements Store {
  readonly backend = 'postgres';
  readonly holds: PostgresHolds;
  readonly approvals: PostgresApprovals;
  readonly audit: PostgresAudit;
  readonly users: PostgresUsers;
  readonly sessions: PostgresSessions;
  readonly registry: PostgresRegistry;
  readonly learned: PostgresLearned;
  readonly settings: PostgresSettings;
  readonly crawls: PostgresCrawls;
  readonly published: PostgresPublished;
  private listener: RegistryListener | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {
    this.holds = new PostgresHolds(pool);
    this.approvals = new PostgresApprovals(pool);
    this.audit = new PostgresAudit(pool);
    this.users = new PostgresUsers(pool);
    this.sessions = new PostgresSessions(pool);
    this.registry = new PostgresRegistry(pool);
    this.learned = new PostgresLearned(pool);
    this.settings = new PostgresSettings(pool);
    this.crawls = new PostgresCrawls(pool);
    this.published = new PostgresPublished(pool);
  }

  /** Connects and brings the schema to this code's version: an empty database is created at it, an older one only when `migrate`. */
  static async open(url: string, options: { migrate?: boolean; poolSize?: number } = {}): Promise<PostgresStore> {
    const pool = createPool(url, options.poolSize ?? 10);
    try {
      await migrate(pool, redact(url), options.migrate ?? false);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PostgresStore(pool, url);
  }

  onRegistryChange(listener: () => void): () => void {
    this.listener ??= new RegistryListener(this.url, registryChannel);
    return this.listener.add(listener);
  }

  async schema(): Promise<SchemaVersion> {
    return { current: await schemaVersion(this.pool), latest: postgresMigrations.length };
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.listener?.close();
    await this.pool.end();
  }
}

async function schemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const exists = (await db.query<{ t: string | null }>("SELECT to_regclass('schema_version') AS t")).rows[0]!.t;
  if (!exists) return 0;
  return (await db.query<{ v: number }>('SELECT COALESCE(MAX(version), 0)::int AS v FROM schema_version')).rows[0]!.v;
}

async function migrate(pool: pg.Pool, where: string, allowed: boolean): Promise<void> {
  const latest = postgresMigrations.length;
  if ((await schemaVersion(pool)) === latest) return;
  await transaction(pool, async (client) => {
    // Replicas started together: the first migrates, the others wait here and find nothing left to do.
    await client.query('SELECT pg_advisory_xact_lock($1)', [locks.migrate]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const current = await schemaVersion(client);
    checkSchema(where, current, latest, allowed);
    for (let v = current; v < latest; v++) {
      await client.query(postgresMigrations[v]!);
      await client.query('INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)', [v + 1, Date.now()]);
    }
  });
}

/** A connection URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL database';
  }
}
