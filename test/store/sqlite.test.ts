import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { StoreError } from '../../src/store/errors.js';
import { openStore } from '../../src/store/open.js';
import { storeContract } from './contract.js';

storeContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-contract-'));
  const file = join(dir, 'baomi.db');
  return {
    open: () => openStore({ backend: 'sqlite', file }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite store versions', () => {
  /** A store file whose schema counter says `version` (what an older or newer release left). */
  const fileAt = async (version: number) => {
    const file = join(mkdtempSync(join(tmpdir(), 'baomi-schema-')), 'baomi.db');
    await (await openStore({ backend: 'sqlite', file })).close();
    const db = new Database(file);
    db.pragma(`user_version = ${version}`);
    db.close();
    return file;
  };

  it('refuses a file newer than the code', async () => {
    const file = await fileAt(99);
    await assert.rejects(openStore({ backend: 'sqlite', file }, { migrate: true }), (err: StoreError) => err.reason === 'schema-newer' && err.message.includes('99'));
  });

  it('migrates a file behind the code only when told to', async () => {
    const file = await fileAt(2);
    await assert.rejects(openStore({ backend: 'sqlite', file }), (err: StoreError) => err.reason === 'schema-behind' && /baomi migrate/.test(err.message));
    const store = await openStore({ backend: 'sqlite', file }, { migrate: true });
    assert.deepEqual(await store.schema(), { current: 8, latest: 8 });
    await store.close();
  });
});
