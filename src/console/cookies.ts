import type { Request } from 'express';
import type { TrustedProxies } from '../cms/identity.js';

/**
 * The request's cookies. A name sent twice is left out: a second
 * `baomi_session` can only have been planted (by a page on another port of
 * this host, with a longer Path, so that browsers send it first), and which
 * one is ours cannot be told.
 */
export function cookiesOf(req: Request): Map<string, string> {
  const jar = new Map<string, string>();
  const twice = new Set<string>();
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (jar.has(name)) twice.add(name);
    jar.set(name, pair.slice(eq + 1).trim());
  }
  for (const name of twice) jar.delete(name);
  return jar;
}

/** Reached over TLS: directly, or through a trusted proxy that says so. */
export function overTls(req: Request, trusted: TrustedProxies): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  return trusted.trusts(req.socket.remoteAddress) && String(req.headers['x-forwarded-proto'] ?? '').toLowerCase() === 'https';
}

/** A console cookie: never readable by scripts, never sent from another site, Secure behind TLS. */
export function cookie(name: string, value: string, options: { secure: boolean; maxAgeSeconds?: number }): string {
  const parts = [`${name}=${value}`, 'Path=/console', 'HttpOnly', 'SameSite=Strict'];
  if (options.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join('; ');
}
