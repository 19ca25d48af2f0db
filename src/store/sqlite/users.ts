import type Database from 'better-sqlite3';
import type { Credentials, Role, User, UserRecord, UserRepository } from '../store.js';

interface UserRow {
  name: string;
  role: Role;
  portals: string | null;
  disabled: number;
  created_at: number;
  password_hash: string | null;
  failures: number;
  locked_until: number;
}

const toUser = (r: Pick<UserRow, 'name' | 'role' | 'portals'>): User => ({ name: r.name, role: r.role, ...(r.portals ? { portals: JSON.parse(r.portals) as string[] } : {}) });

export class SqliteUsers implements UserRepository {
  constructor(private readonly db: Database.Database) {}

  async create(name: string, role: Role, tokenHash: string, portals?: string[]): Promise<boolean> {
    const r = this.db.prepare('INSERT OR IGNORE INTO users (name, role, token_hash, created_at, portals) VALUES (?, ?, ?, ?, ?)').run(name, role, tokenHash, Date.now(), portals ? JSON.stringify(portals) : null);
    return r.changes === 1;
  }

  async rotate(name: string, tokenHash: string): Promise<boolean> {
    return this.db.prepare('UPDATE users SET token_hash = ? WHERE name = ?').run(tokenHash, name).changes === 1;
  }

  async update(name: string, change: { role?: Role; portals?: string[] | null; disabled?: boolean }): Promise<boolean> {
    const portals = change.portals === undefined ? undefined : change.portals === null ? null : JSON.stringify(change.portals);
    const r = this.db
      .prepare('UPDATE users SET role = COALESCE(?, role), portals = CASE WHEN ? THEN ? ELSE portals END, disabled = COALESCE(?, disabled) WHERE name = ?')
      .run(change.role ?? null, portals === undefined ? 0 : 1, portals ?? null, change.disabled === undefined ? null : Number(change.disabled), name);
    return r.changes === 1;
  }

  async list(): Promise<UserRecord[]> {
    const rows = this.db.prepare('SELECT name, role, portals, disabled, created_at FROM users ORDER BY name').all() as UserRow[];
    return rows.map((r) => ({ ...toUser(r), disabled: r.disabled === 1, createdAt: r.created_at }));
  }

  async byTokenHash(tokenHash: string): Promise<User | undefined> {
    const row = this.db.prepare('SELECT name, role, portals FROM users WHERE token_hash = ? AND disabled = 0').get(tokenHash) as UserRow | undefined;
    return row && toUser(row);
  }

  async byName(name: string): Promise<User | undefined> {
    const row = this.db.prepare('SELECT name, role, portals FROM users WHERE name = ? AND disabled = 0').get(name) as UserRow | undefined;
    return row && toUser(row);
  }

  async setPassword(name: string, passwordHash: string | null): Promise<boolean> {
    return this.db.prepare('UPDATE users SET password_hash = ?, failures = 0, locked_until = 0 WHERE name = ?').run(passwordHash, name).changes === 1;
  }

  async credentials(name: string): Promise<Credentials | undefined> {
    const row = this.db.prepare('SELECT name, role, portals, password_hash, failures, locked_until FROM users WHERE name = ? AND disabled = 0').get(name) as UserRow | undefined;
    return row && { user: toUser(row), passwordHash: row.password_hash, failures: row.failures, lockedUntil: row.locked_until };
  }

  async signInAttempt(name: string, now: number, maxFailures: number, lockMs: number): Promise<number | undefined> {
    // One statement: concurrent attempts each count, and none gets past a lock another set.
    return this.db
      .prepare('UPDATE users SET failures = failures + 1, locked_until = CASE WHEN failures + 1 >= ? THEN ? ELSE locked_until END WHERE name = ? AND disabled = 0 AND locked_until <= ? RETURNING failures')
      .pluck()
      .get(maxFailures, now + lockMs, name, now) as number | undefined;
  }

  async signInSucceeded(name: string): Promise<void> {
    this.db.prepare('UPDATE users SET failures = 0, locked_until = 0 WHERE name = ?').run(name);
  }
}
