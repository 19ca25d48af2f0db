import { existsSync } from 'node:fs';
import { loadStorageConfig, type StorageConfig } from '../config.js';
import { openStorage, type Storage } from '../storage.js';
import { redactLocation, storeLocation } from '../store/open.js';

/** Options every command that reads the store takes. */
export const storageOptions = { 'data-dir': { type: 'string' }, store: { type: 'string' } } as const;

/**
 * The store a command works on: BAOMI_STORE_URL and BAOMI_DATA_DIR (as the
 * gateway reads them), overridden by --store and --data-dir. A store behind
 * this version is refused (`baomi migrate`), except by `migrate` itself.
 */
export function commandStorage(values: StorageValues, options: { migrate?: boolean } = {}): Promise<Storage> {
  return openStorage(storageConfig(values), { migrate: options.migrate ?? false, poolSize: 2 });
}

/** Whether the store exists already (a PostgreSQL database always does; a SQLite file only once created). */
export function storeExists(values: StorageValues): boolean {
  const config = storageConfig(values);
  const location = storeLocation(config.storeUrl, config.dataDir);
  return location.backend === 'postgres' || existsSync(location.file);
}

/** Where the store of these options is, for messages (no password). */
export function describeStore(values: StorageValues): string {
  const config = storageConfig(values);
  return redactLocation(storeLocation(config.storeUrl, config.dataDir));
}

type StorageValues = { 'data-dir'?: string; store?: string };

function storageConfig(values: StorageValues): StorageConfig {
  const overrides: Record<string, unknown> = {};
  if (values['data-dir'] !== undefined) overrides.dataDir = values['data-dir'];
  if (values.store !== undefined) overrides.storeUrl = values.store;
  return loadStorageConfig({ overrides });
}
