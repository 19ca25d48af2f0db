import type pg from 'pg';
import type { Credentials, Role, User, UserRecord, UserRepository } from '../store.js';

interface UserRow {
  name: string;
  role: Role;
  portals: string[] | null;
  disabled: boolean;
  created_at: number;
  password_hash: string | null;
  failures: number;
  locked_until: number;
}

const toUser = (r: Pick<UserRow, 'name' | 'role' | 'portals'>): User => ({ name: r.name, role: r.role, ...(r.portals ? { portals: r.portals } : {}) });

export class PostgresUsers implements UserRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(name: string, role: Role, tokenHash: string, portals?: string[]): Promise<boolean> {
    const r = await this.pool.query('INSERT INTO users (name, role, token_hash, created_at, portals) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING', [name, role, tokenHash, Date.now(), portals ?? null]);
    return r.rowCount === 1;
  }

  async rotate(name: string, tokenHash: string): Promise<boolean> {
    return (await this.pool.query('UPDATE users SET token_hash = $1 WHERE name = $2', [tokenHash, name])).rowCount === 1;
  }

  async update(name: string, change: { role?: Role; portals?: string[] | null; disabled?: boolean }): Promise<boolean> {
    const r = await this.pool.query('UPDATE users SET role = COALESCE($1, role), portals = CASE WHEN $2 THEN $3::text[] ELSE portals END, disabled = COALESCE($4, disabled) WHERE name = $5', [
      change.role ?? null,
      change.portals !== undefined,
      change.portals ?? null,
      change.disabled ?? null,
      name,
    ]);
    return r.rowCount === 1;
  }

  async list(): Promise<UserRecord[]> {
    const { rows } = await this.pool.query<UserRow>('SELECT name, role, portals, disabled, created_at FROM users ORDER BY name');
    return rows.map((r) => ({ ...toUser(r), disabled: r.disabled, createdAt: r.created_at }));
  }

  async byTokenHash(tokenHash: string): Promise<User | undefined> {
    const row = (await this.pool.query<UserRow>('SELECT name, role, portals FROM users WHERE token_hash = $1 AND NOT disabled', [tokenHash])).rows[0];
    return row && toUser(row);
  }

  async byName(name: string): Promise<User | undefined> {
    const row = (await this.pool.query<UserRow>('SELECT name, role, portals FROM users WHERE name = $1 AND NOT disabled', [name])).rows[0];
    return row && toUser(row);
  }

  async setPassword(name: string, passwordHash: string | null): Promise<boolean> {
    return (await this.pool.query('UPDATE users SET password_hash = $1, failures = 0, locked_until = 0 WHERE name = $2', [passwordHash, name])).rowCount === 1;
  }

  async credentials(name: string): Promise<Credentials | undefined> {
    const row = (await this.pool.query<UserRow>('SELECT name, role, portals, password_hash, failures, locked_until FROM users WHERE name = $1 AND NOT disabled', [name])).rows[0];
    return row && { user: toUser(row), passwordHash: row.password_hash, failures: row.failures, lockedUntil: Number(row.locked_until) };
  }

  async signInAttempt(name: string, now: number, maxFailures: number, lockMs: number): Promise<number | undefined> {
    // One statement: concurrent attempts each count (the row lock orders them), and none gets past a lock another set.
    const r = await this.pool.query<{ failures: number }>(
      'UPDATE users SET failures = failures + 1, locked_until = CASE WHEN failures + 1 >= $1 THEN $2 ELSE locked_until END WHERE name = $3 AND NOT disabled AND locked_until <= $4 RETURNING failures',
      [maxFailures, now + lockMs, name, now],
    );
    return r.rows[0]?.failures;
  }

  async signInSucceeded(name: string): Promise<void> {
    await this.pool.query('UPDATE users SET failures = 0, locked_until = 0 WHERE name = $1', [name]);
  }
}
