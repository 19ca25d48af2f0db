import { createHash } from 'node:crypto';
import type { RequestHead } from '../adapter.js';
import { phpKeyPath } from '../php/variables.js';

/** A GET to the CMS behind the gateway: how a login is verified without knowing WordPress's keys or database. */
export type CmsFetch = (path: string, headers: string[]) => Promise<{ status: number; body: Buffer }>;

export interface LoginCheck {
  /** The users WordPress confirmed, one per kind of credential that verified. */
  verified: Array<{ name: string; via: 'cms-session' | 'cms-password' }>;
  /** A credential was presented and WordPress did not accept it. */
  failed: boolean;
}

/**
 * Cookies as PHP reads them into $_COOKIE: split on `;`, leading whitespace
 * dropped, names folded as variable names are (`wordpress.logged_in_x` is
 * `wordpress_logged_in_x`), values raw-url-decoded; of two cookies with one
 * name the first counts.
 */
function phpCookies(head: RequestHead): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of String(head.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const path = phpKeyPath(pair.slice(0, eq).replace(/^\s+/, ''));
    if (!path || path.length !== 1 || out.has(path[0]!)) continue;
    let value = pair.slice(eq + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      /* kept raw */
    }
    out.set(path[0]!, value);
  }
  return out;
}

function basicUser(head: RequestHead): string | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(String(head.headers.authorization ?? ''));
  return basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0] || undefined : undefined;
}

/**
 * Every user the request's credentials name, unverified: the user part of
 * each login cookie (`wordpress_logged_in_<hash>=user|expiry|token|hmac`,
 * whatever the hash) and the user of Basic credentials.
 */
export function claimedLogins(head: RequestHead): string[] {
  const names: string[] = [];
  for (const [name, value] of phpCookies(head)) if (name.startsWith('wordpress_logged_in_') && value.split('|')[0]) names.push(value.split('|')[0]!);
  const basic = basicUser(head);
  if (basic) names.push(basic);
  return [...new Set(names)];
}

/**
 * Verifies a WordPress login by asking WordPress itself, the only party
 * that can check a login cookie (its HMAC needs the site's keys and a
 * fragment of the user's password hash) or an application password. Each
 * kind of credential the request carries is checked the way WordPress will
 * see it:
 * - cookies: the Cookie header exactly as sent (WordPress folds the names
 *   and picks its own cookie), to `admin-ajax.php?action=rest-nonce`, which
 *   answers a REST nonce to a valid session, then to
 *   `?rest_route=/wp/v2/users/me&context=edit` with that nonce;
 * - Basic (an application password): to `users/me` alone.
 * Answers are cached for `ttlMs` by a hash of what was sent, so a busy
 * editor costs the CMS a few requests every few minutes.
 */
export class WordPressLogins {
  private readonly cache = new Map<string, { name: string | null; until: number }>();

  constructor(
    private readonly fetch: CmsFetch,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  async check(head: RequestHead): Promise<LoginCheck> {
    const host = typeof head.headers.host === 'string' ? ['Host', head.headers.host] : [];
    const cookie = typeof head.headers.cookie === 'string' ? head.headers.cookie : undefined;
    const authorization = typeof head.headers.authorization === 'string' && /^Basic\s/i.test(head.headers.authorization) ? head.headers.authorization : undefined;
    const session = cookie && [...phpCookies(head).keys()].some((n) => n.startsWith('wordpress_logged_in_') || n.startsWith('wordpress_sec_') || /^wordpress_[0-9a-f]{32}$/.test(n));
    const result: LoginCheck = { verified: [], failed: false };
    const ask = async (kind: 'cms-session' | 'cms-password', headers: string[], run: () => Promise<string | null>) => {
      const name = await this.cached(kind, headers, run);
      if (name) result.verified.push({ name, via: kind });
      else result.failed = true;
    };
    if (session) await ask('cms-session', [...host, 'Cookie', cookie], () => this.session([...host, 'Cookie', cookie]));
    if (authorization) await ask('cms-password', [...host, 'Authorization', authorization], () => this.me([...host, 'Authorization', authorization]));
    return result;
  }

  private async cached(kind: string, headers: string[], run: () => Promise<string | null>): Promise<string | null> {
    const key = createHash('sha256').update(`${kind}\n${headers.join('\n')}`).digest('hex');
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.name;
    let name: string | null;
    try {
      name = await run();
    } catch {
      // The CMS could not be asked: unverified this time, and not cached.
      return null;
    }
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { name, until: Date.now() + this.ttlMs });
    return name;
  }

  private async session(headers: string[]): Promise<string | null> {
    const nonce = await this.fetch('/wp-admin/admin-ajax.php?action=rest-nonce', headers);
    const value = nonce.body.toString('utf8').trim();
    if (nonce.status !== 200 || !/^[0-9a-f]{6,32}$/i.test(value)) return null;
    return this.me([...headers, 'X-WP-Nonce', value]);
  }

  private async me(headers: string[]): Promise<string | null> {
    // ?rest_route= works whatever the site's permalink settings (/wp-json/ needs pretty permalinks).
    const res = await this.fetch('/?rest_route=/wp/v2/users/me&context=edit', [...headers, 'Accept', 'application/json']);
    if (res.status !== 200) return null;
    const user = JSON.parse(res.body.toString('utf8')) as { username?: unknown };
    return typeof user.username === 'string' && user.username ? user.username : null;
  }
}
