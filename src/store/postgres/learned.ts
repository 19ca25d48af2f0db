import type pg from 'pg';
import type { LearnedFingerprint, LearnedRepository, Observed } from '../store.js';
import { blobOf, uint32s } from '../rows.js';
import { locks, registryChannel, transaction } from './pool.js';

export class PostgresLearned implements LearnedRepository {
  constructor(private readonly pool: pg.Pool) {}

  async observationsSeeing(hashes: number[], limit: number): Promise<Observed[]> {
    const { rows } = await this.pool.query<{ id: number; sketch: Buffer }>(
      'SELECT id, sketch FROM registry_observed WHERE id IN (SELECT observed FROM registry_seen WHERE hash = ANY($1::bigint[])) ORDER BY id LIMIT $2',
      [hashes, limit],
    );
    return rows.map((r) => ({ id: r.id, sketch: [...uint32s(r.sketch)] }));
  }

  async recordObservation(o: { sameAs?: number; sketch: number[]; hashes: number[] }, at: number, forgetBefore: number): Promise<Map<number, number>> {
    return transaction(this.pool, async (client) => {
      // registry_seen rows go with their observation (ON DELETE CASCADE).
      await client.query('DELETE FROM registry_observed WHERE at < $1', [forgetBefore]);
      const known = o.sameAs !== undefined && (await client.query('SELECT 1 FROM registry_observed WHERE id = $1', [o.sameAs])).rowCount;
      const id = known ? o.sameAs! : (await client.query<{ id: number }>('INSERT INTO registry_observed (at, sketch) VALUES ($1, $2) RETURNING id', [at, blobOf(o.sketch)])).rows[0]!.id;
      await client.query('INSERT INTO registry_seen (hash, observed) SELECT h, $2 FROM unnest($1::bigint[]) AS h ON CONFLICT DO NOTHING', [o.hashes, id]);
      const { rows } = await client.query<{ hash: number; docs: number }>('SELECT hash, COUNT(*)::int AS docs FROM registry_seen WHERE hash = ANY($1::bigint[]) GROUP BY hash', [o.hashes]);
      return new Map(rows.map((r) => [r.hash, r.docs]));
    });
  }

  async add(entries: Array<{ hash: number; docs: number }>, at: number, max: number): Promise<LearnedFingerprint[]> {
    return transaction(this.pool, async (client) => {
      // One promoter at a time across replicas, so the cap holds.
      await client.query('SELECT pg_advisory_xact_lock($1)', [locks.learned]);
      let room = max - (await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM registry_learned')).rows[0]!.n;
      const added: LearnedFingerprint[] = [];
      for (const e of entries) {
        if (room <= 0) break;
        const { rows } = await client.query<{ seq: number }>('INSERT INTO registry_learned (hash, at, docs) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING RETURNING seq', [e.hash, at, e.docs]);
        if (!rows[0]) continue;
        added.push({ hash: e.hash, seq: rows[0].seq, docs: e.docs });
        room--;
      }
      if (added.length) await client.query(`NOTIFY ${registryChannel}`);
      return added;
    });
  }

  async after(seq: number): Promise<LearnedFingerprint[]> {
    return (await this.pool.query<LearnedFingerprint>('SELECT hash, seq, docs FROM registry_learned WHERE seq > $1 ORDER BY seq', [seq])).rows;
  }
}
