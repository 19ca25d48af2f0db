import type pg from 'pg';
import type { Role, User, UserRepository } from '../store.js';

export class PostgresUsers implements UserRepository {
  constructor(private readonly pool: pg.Pool) {}

  async add(name: string, role: Role, tokenHash: string, portals?: string[]): Promise<void> {
    await this.pool.query(
      'INSERT INTO users (name, role, token_hash, created_at, portals) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash, portals = excluded.portals',
      [name, role, tokenHash, Date.now(), portals ?? null],
    );
  }

  async byTokenHash(tokenHash: string): Promise<User | undefined> {
    const row = (await this.pool.query<{ name: string; role: User['role']; portals: string[] | null }>('SELECT name, role, portals FROM users WHERE token_hash = $1', [tokenHash])).rows[0];
    return row && { name: row.name, role: row.role, ...(row.portals ? { portals: row.portals } : {}) };
  }
}
