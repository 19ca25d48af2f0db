import type pg from 'pg';
import type { RegisteredDocument, RegistryRepository } from '../store.js';
import { blobOf, uint32s } from '../rows.js';
import { registryChannel, transaction } from './pool.js';

const columns = `id, title, doc_number AS "docNumber", issuer, level, period, received_on AS "receivedOn", registered_by AS "registeredBy", registered_at AS "registeredAt", chars, fingerprints, countable, sha256`;

/** Documents' hashes read per round trip when loading the index (about 12 MB at 3,000 k-grams each). */
const page = 1000;

export class PostgresRegistry implements RegistryRepository {
  constructor(private readonly pool: pg.Pool) {}

  async add(doc: Omit<RegisteredDocument, 'id'>, grams: Uint32Array): Promise<number> {
    return transaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO registry (title, doc_number, issuer, level, period, received_on, registered_by, registered_at, chars, fingerprints, countable, sha256, hashes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [doc.title, doc.docNumber, doc.issuer, doc.level, doc.period, doc.receivedOn, doc.registeredBy, doc.registeredAt, doc.chars, doc.fingerprints, doc.countable, doc.sha256, blobOf(grams)],
      );
      await changed(client);
      return rows[0]!.id;
    });
  }

  async remove(id: number): Promise<RegisteredDocument | undefined> {
    return transaction(this.pool, async (client) => {
      const row = (await client.query<RegisteredDocument>(`DELETE FROM registry WHERE id = $1 RETURNING ${columns}`, [id])).rows[0];
      if (row) await changed(client);
      return row;
    });
  }

  async version(): Promise<number> {
    const row = (await this.pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'registry_version'")).rows[0];
    return Number(row?.value ?? 0);
  }

  async params(set?: string): Promise<string | undefined> {
    if (set !== undefined) await this.pool.query("INSERT INTO meta (key, value) VALUES ('registry_params', $1) ON CONFLICT (key) DO NOTHING", [set]);
    return (await this.pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'registry_params'")).rows[0]?.value;
  }

  async list(): Promise<RegisteredDocument[]> {
    return (await this.pool.query<RegisteredDocument>(`SELECT ${columns} FROM registry ORDER BY id`)).rows;
  }

  async *grams(ids?: number[]): AsyncIterable<[number, Uint32Array]> {
    for (let after = 0; ; ) {
      const { rows } = ids
        ? await this.pool.query<{ id: number; hashes: Buffer }>('SELECT id, hashes FROM registry WHERE id > $1 AND id = ANY($2::bigint[]) ORDER BY id LIMIT $3', [after, ids, page])
        : await this.pool.query<{ id: number; hashes: Buffer }>('SELECT id, hashes FROM registry WHERE id > $1 ORDER BY id LIMIT $2', [after, page]);
      for (const r of rows) yield [r.id, uint32s(r.hashes)];
      if (rows.length < page) return;
      after = rows.at(-1)!.id;
    }
  }
}

/** Counts a registry change and tells every replica (the notification goes out when the transaction commits). */
export async function changed(client: pg.PoolClient): Promise<void> {
  await client.query("INSERT INTO meta (key, value) VALUES ('registry_version', '1') ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text");
  await client.query(`NOTIFY ${registryChannel}`);
}
