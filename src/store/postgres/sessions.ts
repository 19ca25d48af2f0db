import type pg from 'pg';
import type { Role, Session, SessionRepository } from '../store.js';

interface SessionRow {
  name: string | null;
  role: Role;
  portals: string[] | null;
  csrf: string;
  via: Session['via'];
  created_at: string | number;
}

export class PostgresSessions implements SessionRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(idHash: string, s: { user: string; csrf: string; via: Session['via']; at: number }): Promise<void> {
    await this.pool.query('INSERT INTO sessions (id_hash, user_name, csrf, via, created_at, used_at) VALUES ($1, $2, $3, $4, $5, $5)', [idHash, s.user, s.csrf, s.via, s.at]);
  }

  async use(idHash: string, now: number, createdAfter: number, usedAfter: number): Promise<Session | undefined> {
    const { rows } = await this.pool.query<SessionRow>(
      `UPDATE sessions s SET used_at = $1 FROM users u
        WHERE s.id_hash = $2 AND s.created_at > $3 AND s.used_at > $4 AND u.name = s.user_name AND NOT u.disabled
        RETURNING u.name, u.role, u.portals, s.csrf, s.via, s.created_at`,
      [now, idHash, createdAfter, usedAfter],
    );
    const row = rows[0];
    if (!row?.name) return undefined;
    return { user: { name: row.name, role: row.role, ...(row.portals ? { portals: row.portals } : {}) }, csrf: row.csrf, via: row.via, createdAt: Number(row.created_at) };
  }

  async end(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async endFor(user: string): Promise<number> {
    return (await this.pool.query('DELETE FROM sessions WHERE user_name = $1', [user])).rowCount ?? 0;
  }

  async purge(usedBefore: number): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE used_at < $1', [usedBefore]);
  }
}
