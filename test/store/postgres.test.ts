import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { StoreError } from '../../src/store/errors.js';
import { openStore } from '../../src/store/open.js';
import { freshDatabase, stopPostgres } from '../helpers/postgres.js';
import { storeContract } from './contract.js';

after(stopPostgres);

storeContract('PostgreSQL', async () => {
  const db = await freshDatabase();
  return {
    open: () => openStore({ backend: 'postgres', url: db.url }),
    cleanup: () => db.drop(),
  };
});

describe('PostgreSQL store specifics', () => {
  it('announces a registry change to another replica within a second (LISTEN/NOTIFY)', async () => {
    const db = await freshDatabase();
    const [a, b] = [await openStore({ backend: 'postgres', url: db.url }), await openStore({ backend: 'postgres', url: db.url })];
    try {
      let listening!: () => void;
      const ready = new Promise<void>((r) => (listening = r));
      let heard: ((at: number) => void) | undefined;
      b.onRegistryChange(() => (heard ? heard(Date.now()) : listening()));
      await ready;
      const arrived = new Promise<number>((r) => (heard = r));
      const sent = Date.now();
      await a.registry.add({ title: null, docNumber: null, issuer: null, level: '秘密', period: null, receivedOn: null, registeredBy: 'o', registeredAt: 1, chars: 1, fingerprints: 1, countable: 1, sha256: 'x' }, Uint32Array.from([1]));
      const latency = (await Promise.race([arrived, new Promise<number>((r) => setTimeout(() => r(Infinity), 2000))])) - sent;
      assert.ok(latency < 1000, `heard after ${latency} ms`);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });

  it('survives its connections being cut, mid-transaction too, and goes on with new ones', async () => {
    const db = await freshDatabase();
    const store = await openStore({ backend: 'postgres', url: db.url });
    const seal = (prev: string, seq: number) => ({ hash: `${prev}>${seq}`, tag: 't' });
    try {
      await store.audit.append('before', 1, '{}', seal);
      const cut = () => db.sql('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      const during = await Promise.allSettled([...Array.from({ length: 20 }, (_, i) => store.audit.append('during', i, '{}', seal)), cut()]);
      assert.ok(during.some((r) => r.status === 'rejected'), 'some appends were cut off');
      for (let i = 0; i < 5; i++) await store.audit.append('after', i, '{}', seal);
      const seqs: number[] = [];
      for await (const e of store.audit.entries()) seqs.push(e.seq);
      assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'the chain has no gap');
    } finally {
      await store.close();
      await db.drop();
    }
  });

  it('refuses a schema newer than the code, naming the database without its password', async () => {
    const db = await freshDatabase();
    try {
      await (await openStore({ backend: 'postgres', url: db.url })).close();
      await db.sql('INSERT INTO schema_version (version, applied_at) VALUES (99, 0)');
      const url = new URL(db.url);
      url.password ||= 'secret-password';
      await assert.rejects(openStore({ backend: 'postgres', url: url.toString() }), (err: StoreError) => err.reason === 'schema-newer' && /version 99/.test(err.message) && !err.message.includes(url.password));
    } finally {
      await db.drop();
    }
  });
});
