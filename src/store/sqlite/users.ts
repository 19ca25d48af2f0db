import type Database from 'better-sqlite3';
import type { Role, User, UserRepository } from '../store.js';

export class SqliteUsers implements UserRepository {
  constructor(private readonly db: Database.Database) {}

  async add(name: string, role: Role, tokenHash: string, portals?: string[]): Promise<void> {
    this.db
      .prepare('INSERT INTO users (name, role, token_hash, created_at, portals) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash, portals = excluded.portals')
      .run(name, role, tokenHash, Date.now(), portals ? JSON.stringify(portals) : null);
  }

  async byTokenHash(tokenHash: string): Promise<User | undefined> {
    const row = this.db.prepare('SELECT name, role, portals FROM users WHERE token_hash = ?').get(tokenHash) as { name: string; role: User['role']; portals: string | null } | undefined;
    return row && { name: row.name, role: row.role, ...(row.portals ? { portals: JSON.parse(row.portals) as string[] } : {}) };
  }
}
