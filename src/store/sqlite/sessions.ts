import type Database from 'better-sqlite3';
import type { Role, Session, SessionRepository } from '../store.js';

interface SessionRow {
  name: string;
  role: Role;
  portals: string | null;
  csrf: string;
  via: Session['via'];
  created_at: number;
}

export class SqliteSessions implements SessionRepository {
  constructor(private readonly db: Database.Database) {}

  async create(idHash: string, s: { user: string; csrf: string; via: Session['via']; at: number }): Promise<void> {
    this.db.prepare('INSERT INTO sessions (id_hash, user_name, csrf, via, created_at, used_at) VALUES (?, ?, ?, ?, ?, ?)').run(idHash, s.user, s.csrf, s.via, s.at, s.at);
  }

  async use(idHash: string, now: number, createdAfter: number, usedAfter: number): Promise<Session | undefined> {
    const row = this.db
      .prepare(
        `UPDATE sessions SET used_at = ? WHERE id_hash = ? AND created_at > ? AND used_at > ?
         RETURNING (SELECT name FROM users WHERE name = user_name AND disabled = 0) AS name,
                   (SELECT role FROM users WHERE name = user_name) AS role,
                   (SELECT portals FROM users WHERE name = user_name) AS portals, csrf, via, created_at`,
      )
      .get(now, idHash, createdAfter, usedAfter) as SessionRow | undefined;
    if (!row?.name) return undefined;
    return { user: { name: row.name, role: row.role, ...(row.portals ? { portals: JSON.parse(row.portals) as string[] } : {}) }, csrf: row.csrf, via: row.via, createdAt: row.created_at };
  }

  async end(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async endFor(user: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE user_name = ?').run(user).changes;
  }

  async purge(usedBefore: number): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE used_at < ?').run(usedBefore);
  }
}
