import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AuditTrail } from '../audit/chain.js';
import { identityHeader, type TrustedProxies } from '../cms/identity.js';
import type { Policy } from '../policy/schema.js';
import type { Session, Store } from '../store/store.js';
import { cookie, cookiesOf, overTls } from './cookies.js';
import { passwordMatches, spendVerifyTime } from './passwords.js';
import { RateLimit } from './rate-limit.js';

export const sessionCookie = 'baomi_session';

const idHash = (id: string) => createHash('sha256').update(id).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

export type SignInOutcome = { ok: true; sessionId: string } | { ok: false; reason: 'rate-limited' | 'locked' | 'wrong' };

/** A request's signed-in user: the session, and its id when this request began it (single sign-on). */
export interface SignedIn {
  session: Session;
  id: string;
}

/** Compares two strings in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Console sign-in: passwords checked against argon2 hashes, a per-address
 * rate limit and a per-account lockout, sessions kept in the store (so every
 * replica knows them, and disabling a user ends theirs), and single sign-on
 * from a header that only the trusted proxies may set.
 */
export class ConsoleAuth {
  private readonly attempts: RateLimit;
  private readonly phantoms = new PhantomLockouts();

  constructor(
    private readonly store: Store,
    private readonly settings: Policy['console'],
    private readonly trusted: TrustedProxies,
    private readonly audit: AuditTrail,
    /** Counts each sign-in by how and its outcome (the metrics). */
    private readonly counted: (via: Session['via'], outcome: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.attempts = new RateLimit(settings.signInsPerMinute, now);
  }

  async signIn(name: string, password: string, client: string): Promise<SignInOutcome> {
    const record = (outcome: string) => {
      this.counted('password', outcome.replace(', locked', ''));
      return this.audit.append('console.sign-in', { user: name.slice(0, 64), client, via: 'password', outcome });
    };
    if (!this.attempts.take(client)) {
      await record('rate-limited');
      return { ok: false, reason: 'rate-limited' };
    }
    const now = this.now();
    const lockMs = this.settings.lockoutMinutes * 60_000;
    const credentials = name ? await this.store.users.credentials(name) : undefined;
    if (!credentials?.passwordHash) {
      // A name that cannot sign in answers as an account would, lockout included: the answers do not tell which names exist.
      await spendVerifyTime(password);
      const attempts = this.phantoms.attempt(name, now, this.settings.lockoutFailures, lockMs);
      const locked = attempts === undefined || attempts >= this.settings.lockoutFailures;
      await record(locked ? 'locked' : credentials ? 'no-password' : 'unknown-user');
      return { ok: false, reason: locked ? 'locked' : 'wrong' };
    }
    // Counted before the password is checked, so that guesses sent together cannot all be checked; a locked account is not checked at all.
    const attempts = await this.store.users.signInAttempt(name, now, this.settings.lockoutFailures, lockMs);
    if (attempts === undefined) {
      await record('locked');
      return { ok: false, reason: 'locked' };
    }
    if (!(await passwordMatches(credentials.passwordHash, password))) {
      const locks = attempts >= this.settings.lockoutFailures;
      await record(locks ? 'wrong-password, locked' : 'wrong-password');
      return { ok: false, reason: locks ? 'locked' : 'wrong' };
    }
    await this.store.users.signInSucceeded(name);
    await record('ok');
    return { ok: true, sessionId: await this.begin(name, 'password') };
  }

  private async begin(user: string, via: Session['via']): Promise<string> {
    const id = randomToken();
    const at = this.now();
    await this.store.sessions.purge(at - this.settings.idleMinutes * 60_000);
    await this.store.sessions.create(idHash(id), { user, csrf: randomToken(), via, at });
    return id;
  }

  /** The request's session: its cookie's, or one begun for the user a trusted proxy names. */
  async signedIn(req: Request): Promise<SignedIn | undefined> {
    const id = cookiesOf(req).get(sessionCookie);
    const sso = this.ssoUser(req);
    const now = this.now();
    if (id) {
      const session = await this.store.sessions.use(idHash(id), now, now - this.settings.sessionHours * 3_600_000, now - this.settings.idleMinutes * 60_000);
      // Behind single sign-on the proxy's word is the truth: a session of someone else is not this user's.
      if (session && (sso === undefined || session.user.name === sso)) return { session, id };
    }
    if (sso === undefined) return undefined;
    const user = await this.store.users.byName(sso);
    const outcome = user ? 'ok' : 'unknown-user';
    this.counted('sso', outcome);
    await this.audit.append('console.sign-in', { user: sso.slice(0, 64), client: req.socket.remoteAddress ?? '', via: 'sso', outcome });
    if (!user) return undefined;
    const fresh = await this.begin(sso, 'sso');
    const session = await this.store.sessions.use(idHash(fresh), now, 0, 0);
    return session && { session, id: fresh };
  }

  private ssoUser(req: Request): string | undefined {
    if (!this.settings.ssoHeader || !this.trusted.trusts(req.socket.remoteAddress)) return undefined;
    return identityHeader(req, [this.settings.ssoHeader]);
  }

  async signOut(id: string): Promise<void> {
    await this.store.sessions.end(idHash(id));
  }

  setSession(req: Request, res: Response, id: string): void {
    res.append('Set-Cookie', cookie(sessionCookie, id, { secure: overTls(req, this.trusted) }));
  }

  clearSession(req: Request, res: Response): void {
    res.append('Set-Cookie', cookie(sessionCookie, '', { secure: overTls(req, this.trusted), maxAgeSeconds: 0 }));
  }

  /** Whether a form came from a console page of this session: its anti-forgery token, and (when the browser says) this origin. */
  formIsOurs(req: Request, session: Session, token: unknown): boolean {
    if (typeof token !== 'string' || !sameSecret(token, session.csrf)) return false;
    return sameOrigin(req);
  }

  tls(req: Request): boolean {
    return overTls(req, this.trusted);
  }
}

/**
 * Lockouts of names that cannot sign in (unknown, or without a password),
 * kept in memory as the store keeps real ones: an account's lockout must
 * not tell that the account exists. Bounded: the oldest are forgotten.
 */
class PhantomLockouts {
  private readonly names = new Map<string, { failures: number; lockedUntil: number }>();

  /** As UserRepository.signInAttempt. */
  attempt(name: string, now: number, maxFailures: number, lockMs: number): number | undefined {
    const seen = this.names.get(name) ?? { failures: 0, lockedUntil: 0 };
    if (seen.lockedUntil > now) return undefined;
    seen.failures++;
    if (seen.failures >= maxFailures) seen.lockedUntil = now + lockMs;
    this.names.delete(name);
    this.names.set(name, seen);
    if (this.names.size > 10_000) this.names.delete(this.names.keys().next().value!);
    return seen.failures;
  }
}

/** A browser's Origin (when it sends one) is this listener's own host. */
export function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
