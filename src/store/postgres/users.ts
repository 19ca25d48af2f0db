import type pg from 'pg';
import type { Role, User, UserRepository } from '../store.js';

export class PostgresUsers implements UserRepository {
  constructor(private readonly pool: pg.Pool) {}

  async add(name: string, role: Role, tokenHash: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO users (name, role, token_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash',
      [name, role, tokenHash, Date.now()],
    );
  }

  async byTokenHash(tokenHash: string): Promise<User | undefined> {
    return (await this.pool.query<User>('SELECT name, role FROM users WHERE token_hash = $1', [tokenHash])).rows[0];
  }
}
