import type { IncomingMessage } from 'node:http';
import { normaliseHost } from './hosted.js';

/**
 * Brings a request target to origin form (`/path?query`) before anything
 * reads it. HTTP lets a client send an absolute URL (`POST http://host/path`)
 * and tells servers to prefer the host inside it over the Host header; the
 * gateway chooses the portal by Host, so an absolute target naming another
 * host would be read by one portal's rules and obeyed by another's CMS.
 * Such a request is refused (false); one naming the same host is rewritten
 * to origin form, which every CMS reads the same way.
 */
export function toOriginForm(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  if (url.startsWith('/') || (url === '*' && req.method === 'OPTIONS')) return true;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (!/^https?:$/.test(target.protocol) || normaliseHost(target.host) !== normaliseHost(req.headers.host ?? '')) return false;
  req.url = `${target.pathname}${target.search}`;
  return true;
}
