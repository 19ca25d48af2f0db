import { parseArgs } from 'node:util';
import { StoreError } from '../store/errors.js';
import { redactLocation } from '../store/open.js';
import { commandStorage, storageOptions } from './storage.js';

/** `baomi migrate [--check]`: brings the store's schema to this version (take a backup first), or only reports it. */
export async function migrate(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...storageOptions, check: { type: 'boolean' } } });
  let storage;
  try {
    storage = await commandStorage(values, { migrate: !values.check });
  } catch (err) {
    if (!(values.check && err instanceof StoreError && err.reason === 'schema-behind')) throw err;
    process.stdout.write(`${err.message}\n`);
    return 1;
  }
  try {
    const { current, latest } = await storage.store.schema();
    process.stdout.write(`${redactLocation(storage.location)}: schema version ${current} (this version writes ${latest})${current === latest ? ', up to date' : ''}\n`);
    return current === latest ? 0 : 1;
  } finally {
    await storage.store.close();
  }
}
