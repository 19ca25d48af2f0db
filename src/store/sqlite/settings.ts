import type Database from 'better-sqlite3';
import type { SettingsRepository } from '../store.js';

export class SqliteSettings implements SettingsRepository {
  constructor(private readonly db: Database.Database) {}

  async claim(key: string, value: string): Promise<string> {
    this.db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(`setting:${key}`, value);
    return this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(`setting:${key}`) as string;
  }
}
