import type { IncomingHttpHeaders } from 'node:http';
import type { Profile } from '../policy/schema.js';

/**
 * Who submitted a request, as the CMS knows them: a header set by the portal's
 * SSO front (X-Remote-User) or WordPress's logged-in cookie, whose value is
 * `user|expiry|token|hmac`. Used to keep people from approving their own items;
 * the CMS still authenticates the request itself.
 */
export function submitterOf(headers: IncomingHttpHeaders, cfg: Profile['submitter']): string | null {
  for (const name of cfg.headers) {
    const v = headers[name.toLowerCase()];
    const value = Array.isArray(v) ? v[0] : v;
    if (value?.trim()) return value.trim();
  }
  if (cfg.wordpressCookie && headers.cookie) {
    for (const pair of headers.cookie.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0 || !pair.slice(0, eq).trim().startsWith('wordpress_logged_in_')) continue;
      let value = pair.slice(eq + 1).trim();
      try {
        value = decodeURIComponent(value);
      } catch {
        /* keep raw */
      }
      const user = value.split('|')[0];
      if (user) return user;
    }
  }
  return null;
}
