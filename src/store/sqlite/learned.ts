import type Database from 'better-sqlite3';
import type { LearnedFingerprint, LearnedRepository, Observed } from '../store.js';
import { blobOf, uint32s } from '../rows.js';


/** Which allowed documents shared which registry fingerprints (keyed hashes), and the fingerprints promoted to boilerplate. */
export class SqliteLearned implements LearnedRepository {
  constructor(private readonly db: Database.Database) {}

  async observationsSeeing(hashes: number[], limit: number): Promise<Observed[]> {
    const rows = this.db
      .prepare('SELECT id, sketch FROM registry_observed WHERE id IN (SELECT DISTINCT observed FROM registry_seen WHERE hash IN (SELECT value FROM json_each(?))) ORDER BY id LIMIT ?')
      .all(JSON.stringify(hashes), limit) as Array<{ id: number; sketch: Buffer }>;
    return rows.map((r) => ({ id: r.id, sketch: [...uint32s(r.sketch)] }));
  }

  async recordObservation(o: { sameAs?: number; sketch: number[]; hashes: number[] }, at: number, forgetBefore: number): Promise<Map<number, number>> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM registry_seen WHERE observed IN (SELECT id FROM registry_observed WHERE at < ?)').run(forgetBefore);
      this.db.prepare('DELETE FROM registry_observed WHERE at < ?').run(forgetBefore);
      const known = o.sameAs !== undefined && this.db.prepare('SELECT 1 FROM registry_observed WHERE id = ?').get(o.sameAs);
      const id = known ? o.sameAs! : Number(this.db.prepare('INSERT INTO registry_observed (at, sketch) VALUES (?, ?)').run(at, blobOf(o.sketch)).lastInsertRowid);
      const seen = this.db.prepare('INSERT OR IGNORE INTO registry_seen (hash, observed) VALUES (?, ?)');
      for (const h of o.hashes) seen.run(h, id);
      const counts = this.db
        .prepare('SELECT hash, COUNT(*) AS docs FROM registry_seen WHERE hash IN (SELECT value FROM json_each(?)) GROUP BY hash')
        .all(JSON.stringify(o.hashes)) as Array<{ hash: number; docs: number }>;
      return new Map(counts.map((c) => [c.hash, c.docs]));
    }).immediate();
  }

  async add(entries: Array<{ hash: number; docs: number }>, at: number, max: number): Promise<LearnedFingerprint[]> {
    return this.db.transaction(() => {
      let room = max - (this.db.prepare('SELECT COUNT(*) AS n FROM registry_learned').get() as { n: number }).n;
      const insert = this.db.prepare('INSERT OR IGNORE INTO registry_learned (hash, at, docs) VALUES (?, ?, ?)');
      const added: LearnedFingerprint[] = [];
      for (const e of entries) {
        if (room <= 0) break;
        const r = insert.run(e.hash, at, e.docs);
        if (!r.changes) continue;
        added.push({ hash: e.hash, seq: Number(r.lastInsertRowid), docs: e.docs });
        room--;
      }
      return added;
    }).immediate();
  }

  async after(after: number): Promise<LearnedFingerprint[]> {
    return this.db.prepare('SELECT hash, seq, docs FROM registry_learned WHERE seq > ? ORDER BY seq').all(after) as LearnedFingerprint[];
  }
}
