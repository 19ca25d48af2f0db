import { createHmac } from 'node:crypto';
import type { StorageConfig } from './config.js';
import { installationKey, type KeyName } from './seal/keys.js';
import { StoreError } from './store/errors.js';
import { openStore, redactLocation, storeLocation, type StoreLocation } from './store/open.js';
import type { Store } from './store/store.js';

/** An open store with the installation's keys, as every entry point needs them. */
export interface Storage {
  store: Store;
  location: StoreLocation;
  config: StorageConfig;
  /** One of the keys, read on first use (a command that needs none never asks for them). */
  key(name: KeyName): Buffer;
  /**
   * The key, checked against the store: the first process to use the store
   * records a keyed check value, and a key that does not reproduce it is
   * refused (a replica with another Secret, a typo) instead of failing open
   * later (fingerprints that never match, holds that cannot be opened).
   */
  checkedKey(name: KeyName): Promise<Buffer>;
}

export async function openStorage(config: StorageConfig, options: { migrate?: boolean; poolSize?: number } = {}): Promise<Storage> {
  const location = storeLocation(config.storeUrl, config.dataDir);
  const store = await openStore(location, { migrate: options.migrate ?? config.migrate, poolSize: options.poolSize });
  const keys = new Map<KeyName, Buffer>();
  const key = (name: KeyName) => {
    let k = keys.get(name);
    if (!k) keys.set(name, (k = installationKey(name, config, location.backend)));
    return k;
  };
  return {
    store,
    location,
    config,
    key,
    async checkedKey(name) {
      const k = key(name);
      const check = createHmac('sha256', k).update('baomi key check v1').digest('hex').slice(0, 32);
      if ((await store.settings.claim(`key-check:${name}`, check)) !== check) {
        const upper = name.toUpperCase();
        throw new StoreError('keys', `the ${name} key (BAOMI_${upper}_KEY or BAOMI_${upper}_KEY_FILE, or ${name}.key in the data directory) is not the one ${redactLocation(location)} was written with: every replica must use the same keys, and changing one is a migration, not a restart`);
      }
      return k;
    },
  };
}
