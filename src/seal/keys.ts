import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StorageConfig } from '../config.js';
import { StoreError } from '../store/errors.js';

/**
 * A 32-byte key from the environment (base64 or hex) or from a key file in the
 * data directory, created 0600 on first run. A key file others can read is
 * refused: the key protects held classified content.
 */
export function loadOrCreateKey(dataDir: string, fileName: string, fromEnv: string | undefined): Buffer {
  if (fromEnv) {
    const key = /^[0-9a-f]{64}$/i.test(fromEnv) ? Buffer.from(fromEnv, 'hex') : Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error(`key for ${fileName} from the environment must be 32 bytes (hex or base64)`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, fileName);
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const mode = statSync(file).mode & 0o077;
  if (mode !== 0) throw new Error(`${file} is readable by group or others (chmod 600 it)`);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

export type KeyName = 'seal' | 'audit' | 'registry';

/**
 * One of the installation's keys: from the environment (BAOMI_<NAME>_KEY),
 * a mounted secret file (BAOMI_<NAME>_KEY_FILE), or, with the embedded SQLite
 * store only, a key file created in the data directory. Replicas on
 * PostgreSQL must share their keys, so there a missing key is an error, never
 * a key made up by one replica.
 */
export function installationKey(name: KeyName, storage: StorageConfig, backend: 'sqlite' | 'postgres'): Buffer {
  const fromEnv = storage[`${name}Key`];
  const file = storage[`${name}KeyFile`];
  if (fromEnv) return loadOrCreateKey(storage.dataDir, `${name}.key`, fromEnv);
  if (file) return keyFromFile(file);
  if (backend === 'postgres') {
    const upper = name.toUpperCase();
    throw new StoreError('keys', `with a PostgreSQL store every replica must use the same ${name} key: set BAOMI_${upper}_KEY or BAOMI_${upper}_KEY_FILE (32 bytes, base64 or hex; \`openssl rand -base64 32\`)`);
  }
  return loadOrCreateKey(storage.dataDir, `${name}.key`, undefined);
}

/** A key from a mounted secret file: 32 bytes, as base64 or hex text, or raw. */
function keyFromFile(file: string): Buffer {
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8').trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : bytes.length === 32 ? bytes : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key (base64, hex or raw)`);
  return key;
}
