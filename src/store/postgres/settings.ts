import type pg from 'pg';
import type { SettingsRepository } from '../store.js';

export class PostgresSettings implements SettingsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async claim(key: string, value: string): Promise<string> {
    await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [`setting:${key}`, value]);
    return (await this.pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [`setting:${key}`])).rows[0]!.value;
  }
}
