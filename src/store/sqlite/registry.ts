import type Database from 'better-sqlite3';
import { blobOf, uint32s } from '../rows.js';
import type { RegisteredDocument, RegistryRepository } from '../store.js';

const registeredColumns =
  'id, title, doc_number AS docNumber, issuer, level, period, received_on AS receivedOn, registered_by AS registeredBy, registered_at AS registeredAt, chars, fingerprints, countable, sha256';

export class SqliteRegistry implements RegistryRepository {
  constructor(private readonly db: Database.Database) {}

  async add(doc: Omit<RegisteredDocument, 'id'>, grams: Uint32Array): Promise<number> {
    return this.db.transaction(() => {
      const result = this.db
        .prepare('INSERT INTO registry (title, doc_number, issuer, level, period, received_on, registered_by, registered_at, chars, fingerprints, countable, sha256, hashes, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2)')
        .run(doc.title, doc.docNumber, doc.issuer, doc.level, doc.period, doc.receivedOn, doc.registeredBy, doc.registeredAt, doc.chars, doc.fingerprints, doc.countable, doc.sha256, blobOf(grams));
      this.bumpVersion();
      return Number(result.lastInsertRowid);
    })();
  }

  async remove(id: number): Promise<RegisteredDocument | undefined> {
    return this.db.transaction(() => {
      const row = this.db.prepare(`DELETE FROM registry WHERE id = ? RETURNING ${registeredColumns}`).get(id) as RegisteredDocument | undefined;
      if (row) this.bumpVersion();
      return row;
    })();
  }

  private bumpVersion(): void {
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('registry_version', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1").run();
  }

  async version(): Promise<number> {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'registry_version'").get() as { value: string } | undefined;
    return Number(row?.value ?? 0);
  }

  async params(set?: string): Promise<string | undefined> {
    if (set !== undefined) this.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('registry_params', ?)").run(set);
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'registry_params'").get() as { value: string } | undefined;
    return row?.value;
  }

  async list(): Promise<RegisteredDocument[]> {
    return this.db.prepare(`SELECT ${registeredColumns} FROM registry ORDER BY id`).all() as RegisteredDocument[];
  }

  async *grams(ids?: number[]): AsyncIterable<[number, Uint32Array]> {
    const rows = ids
      ? this.db.prepare('SELECT id, hashes FROM registry WHERE format = 2 AND id IN (SELECT value FROM json_each(?)) ORDER BY id').iterate(JSON.stringify(ids))
      : this.db.prepare('SELECT id, hashes FROM registry WHERE format = 2 ORDER BY id').iterate();
    for (const row of rows as Iterable<{ id: number; hashes: Buffer }>) yield [row.id, uint32s(row.hashes)];
  }
}
