import { resolve } from 'node:path';
import { StoreError } from './errors.js';
import { PostgresStore, redact } from './postgres/store.js';
import { SqliteStore } from './sqlite/store.js';
import type { Store } from './store.js';

export interface StoreOptions {
  /** Apply pending schema migrations (a new, empty store is always created at the current version). */
  migrate?: boolean;
  /** PostgreSQL connections per process. */
  poolSize?: number;
}

/** Where a store URL points: a SQLite file, or a PostgreSQL database. */
export type StoreLocation = { backend: 'sqlite'; file: string } | { backend: 'postgres'; url: string };

/**
 * Reads a store URL (BAOMI_STORE_URL): `postgres://…` or `postgresql://…`,
 * `sqlite:<path>` or a plain file path; unset, baomi.db in the data directory.
 */
export function storeLocation(url: string | undefined, dataDir: string): StoreLocation {
  if (!url) return { backend: 'sqlite', file: resolve(dataDir, 'baomi.db') };
  if (/^postgres(ql)?:\/\//i.test(url)) return { backend: 'postgres', url };
  if (/^sqlite:/i.test(url)) {
    const path = url.replace(/^sqlite:(\/\/)?/i, '');
    if (!path) throw new StoreError('url', `store URL ${url} names no file`);
    return { backend: 'sqlite', file: resolve(path) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw new StoreError('url', `store URL ${url.split(':')[0]}://… is not supported: use postgres://…, sqlite:<file> or a file path`);
  return { backend: 'sqlite', file: resolve(url) };
}

/** The one way every entry point (serve, demo, scan workers, every CLI command) opens its store. */
export async function openStore(location: StoreLocation, options: StoreOptions = {}): Promise<Store> {
  return location.backend === 'postgres' ? PostgresStore.open(location.url, options) : new SqliteStore(location.file, options);
}

/** Where a store is, for messages: never a password. */
export function redactLocation(location: StoreLocation): string {
  return location.backend === 'postgres' ? redact(location.url) : location.file;
}
