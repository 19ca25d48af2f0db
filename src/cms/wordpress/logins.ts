import { createHash } from 'node:crypto';
import type { RequestHead } from '../adapter.js';

/** A GET to the CMS behind the gateway: how a login is verified without knowing WordPress's keys or database. */
export type CmsFetch = (path: string, headers: string[]) => Promise<{ status: number; body: Buffer }>;

export interface VerifiedLogin {
  name: string;
  via: 'cms-session' | 'cms-password';
}

/** `wordpress_logged_in_<hash>=user|expiry|token|hmac`: the user part, as the request claims it (unverified). */
export function claimedLogin(head: RequestHead): string | null {
  for (const [name, value] of cookies(head)) {
    if (!name.startsWith('wordpress_logged_in_')) continue;
    let v = value;
    try {
      v = decodeURIComponent(value);
    } catch {
      /* keep raw */
    }
    const user = v.split('|')[0];
    if (user) return user;
  }
  const basic = /^Basic\s+(\S+)$/i.exec(String(head.headers.authorization ?? ''));
  if (basic) {
    const user = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0];
    if (user) return user;
  }
  return null;
}

function cookies(head: RequestHead): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const pair of String(head.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]);
  }
  return out;
}

/**
 * Verifies a WordPress login by asking WordPress itself, the only party
 * that can check a login cookie (its HMAC needs the site's keys and a
 * fragment of the user's password hash) or an application password:
 * - a cookie login: `admin-ajax.php?action=rest-nonce` answers a REST nonce
 *   to a valid session, and `/wp/v2/users/me?context=edit` with that nonce
 *   names the user;
 * - an application password (Basic): `/wp/v2/users/me?context=edit` directly.
 * Answers are cached by a hash of the credentials for `ttlMs`, so a busy
 * editor costs the CMS two requests every few minutes, not two per save.
 */
export class WordPressLogins {
  private readonly cache = new Map<string, { login: VerifiedLogin | null; until: number }>();

  constructor(
    private readonly fetch: CmsFetch,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  async verify(head: RequestHead): Promise<VerifiedLogin | null> {
    const authorization = typeof head.headers.authorization === 'string' && /^Basic\s/i.test(head.headers.authorization) ? head.headers.authorization : undefined;
    const sessionCookies = cookies(head).filter(([n]) => n.startsWith('wordpress_'));
    if (!authorization && !sessionCookies.some(([n]) => n.startsWith('wordpress_logged_in_'))) return null;
    const cookie = sessionCookies.map(([n, v]) => `${n}=${v}`).join('; ');
    const host = typeof head.headers.host === 'string' ? ['Host', head.headers.host] : [];
    const key = createHash('sha256').update(`${authorization ?? ''}\n${cookie}\n${host[1] ?? ''}`).digest('hex');
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.login;

    let login: VerifiedLogin | null = null;
    try {
      login = authorization ? await this.me([...host, 'Authorization', authorization], 'cms-password') : await this.session([...host, 'Cookie', cookie]);
    } catch {
      // The CMS could not be asked: unverified this time, and not cached.
      return null;
    }
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { login, until: Date.now() + this.ttlMs });
    return login;
  }

  private async session(headers: string[]): Promise<VerifiedLogin | null> {
    const nonce = await this.fetch('/wp-admin/admin-ajax.php?action=rest-nonce', headers);
    const value = nonce.body.toString('utf8').trim();
    if (nonce.status !== 200 || !/^[0-9a-f]{6,32}$/i.test(value)) return null;
    return this.me([...headers, 'X-WP-Nonce', value], 'cms-session');
  }

  private async me(headers: string[], via: VerifiedLogin['via']): Promise<VerifiedLogin | null> {
    // ?rest_route= works whatever the site's permalink settings (/wp-json/ needs pretty permalinks).
    const res = await this.fetch('/?rest_route=/wp/v2/users/me&context=edit', [...headers, 'Accept', 'application/json']);
    if (res.status !== 200) return null;
    const user = JSON.parse(res.body.toString('utf8')) as { username?: unknown; slug?: unknown };
    const name = typeof user.username === 'string' ? user.username : undefined;
    return name ? { name, via } : null;
  }
}
