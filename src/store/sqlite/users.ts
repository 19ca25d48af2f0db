import type Database from 'better-sqlite3';
import type { Role, User, UserRepository } from '../store.js';

export class SqliteUsers implements UserRepository {
  constructor(private readonly db: Database.Database) {}

  async add(name: string, role: Role, tokenHash: string): Promise<void> {
    this.db
      .prepare('INSERT INTO users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash')
      .run(name, role, tokenHash, Date.now());
  }

  async byTokenHash(tokenHash: string): Promise<User | undefined> {
    return this.db.prepare('SELECT name, role FROM users WHERE token_hash = ?').get(tokenHash) as User | undefined;
  }
}
