import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkSchema } from '../errors.js';
import { sqliteMigrations } from './migrations.js';

/**
 * Opens the SQLite file in WAL mode and brings its schema to this code's
 * version: a new file is created at it, an older one only when `migrate`.
 */
export function openDatabase(file: string, migrate: boolean): Database.Database {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: every commit survives a process crash (kill -9); FULL is
  // switched on around holds and review decisions (see durable) so those survive power loss too.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const latest = sqliteMigrations.length;
  // Only a store that is behind takes the write lock (a scan worker opening the same file must not wait for it).
  if (schemaVersion(db) !== latest) {
    try {
      checkSchema(file, schemaVersion(db), latest, migrate);
    } catch (err) {
      db.close();
      throw err;
    }
    db.transaction(() => {
      for (let v = schemaVersion(db); v < latest; v++) sqliteMigrations[v]!(db);
      db.pragma(`user_version = ${latest}`);
    }).immediate();
  }
  return db;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs `work` with every commit synced to disk (the editor is told "held" only after). */
export function durable<T>(db: Database.Database, work: () => T): T {
  db.pragma('synchronous = FULL');
  try {
    return work();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}
