import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../audit/chain.js';
import { hashPassword, passwordProblem } from '../console/passwords.js';
import { withoutNul } from '../store/rows.js';
import type { Role, Store } from '../store/store.js';
import { tokenHash } from './auth.js';

export class UserAdminError extends Error {
  constructor(
    readonly code: 'exists' | 'unknown' | 'bad_name' | 'bad_password' | 'bad_role',
    message: string,
  ) {
    super(message);
  }
}

/** A user name: what a CMS login or an SSO header would carry, nothing that could be read two ways. */
const namePattern = /^[\p{L}\p{N}._@-]{1,64}$/u;

/**
 * Every change to users, from the CLI or the console: tokens are made here
 * and returned once, passwords kept as argon2 hashes, and each change is an
 * audit entry naming who made it. Disabling a user or changing their
 * password ends their console sessions.
 */
export class UserAdmin {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditTrail,
  ) {}

  /** Adds a user; returns their API token (shown once). */
  async add(name: string, role: Role, by: string, options: { portals?: string[]; password?: string } = {}): Promise<string> {
    if (!namePattern.test(name)) throw new UserAdminError('bad_name', '用户名须为 1–64 个字母、数字或 . _ @ - / A user name is 1-64 letters, digits or . _ @ -');
    const problem = options.password === undefined ? undefined : passwordProblem(options.password);
    if (problem) throw new UserAdminError('bad_password', problem);
    const token = randomBytes(24).toString('base64url');
    if (!(await this.store.users.create(name, role, tokenHash(token), options.portals))) throw new UserAdminError('exists', `user ${name} exists already: give them a new token with rotate, or change their role`);
    if (options.password !== undefined) await this.store.users.setPassword(name, await hashPassword(options.password));
    await this.audit.append('user.add', { name, role, portals: options.portals ?? null, password: options.password !== undefined, by: withoutNul(by) });
    return token;
  }

  /** A new API token (the old one stops working); returns it (shown once). */
  async rotate(name: string, by: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    if (!(await this.store.users.rotate(name, tokenHash(token)))) throw this.unknown(name);
    await this.audit.append('user.rotate', { name, by });
    return token;
  }

  async setRole(name: string, role: Role, by: string, portals?: string[] | null): Promise<void> {
    const change = { role, ...(portals === undefined ? {} : { portals }) };
    if (!(await this.store.users.update(name, change))) throw this.unknown(name);
    await this.audit.append('user.role', { name, ...change, by });
  }

  async setDisabled(name: string, disabled: boolean, by: string): Promise<void> {
    if (!(await this.store.users.update(name, { disabled }))) throw this.unknown(name);
    const sessions = disabled ? await this.store.sessions.endFor(name) : 0;
    await this.audit.append(disabled ? 'user.disable' : 'user.enable', { name, disabled, by, ...(sessions ? { sessionsEnded: sessions } : {}) });
  }

  /** Sets a console password (and clears a lockout); every session of the user ends. */
  async setPassword(name: string, password: string, by: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new UserAdminError('bad_password', problem);
    if (!(await this.store.users.setPassword(name, await hashPassword(password)))) throw this.unknown(name);
    const sessions = await this.store.sessions.endFor(name);
    await this.audit.append('user.password', { name, by, sessionsEnded: sessions });
  }

  private unknown(name: string): UserAdminError {
    return new UserAdminError('unknown', `no user ${name}`);
  }
}
