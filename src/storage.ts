import type { StorageConfig } from './config.js';
import { installationKey, type KeyName } from './seal/keys.js';
import { openStore, storeLocation, type StoreLocation } from './store/open.js';
import type { Store } from './store/store.js';

/** An open store with the installation's keys, as every entry point needs them. */
export interface Storage {
  store: Store;
  location: StoreLocation;
  config: StorageConfig;
  /** One of the keys, read on first use (a command that needs none never asks for them). */
  key(name: KeyName): Buffer;
}

export async function openStorage(config: StorageConfig, options: { migrate?: boolean; poolSize?: number } = {}): Promise<Storage> {
  const location = storeLocation(config.storeUrl, config.dataDir);
  const store = await openStore(location, { migrate: options.migrate ?? config.migrate, poolSize: options.poolSize });
  const keys = new Map<KeyName, Buffer>();
  return {
    store,
    location,
    config,
    key(name) {
      let key = keys.get(name);
      if (!key) keys.set(name, (key = installationKey(name, config, location.backend)));
      return key;
    },
  };
}
