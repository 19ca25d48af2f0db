import type { IncomingMessage } from 'node:http';

/** Hop-by-hop headers (RFC 9110 §7.6.1) never cross the proxy. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function connectionListed(rawHeaders: string[]): Set<string> {
  const listed = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === 'connection') {
      for (const name of rawHeaders[i + 1]!.split(',')) listed.add(name.trim().toLowerCase());
    }
  }
  return listed;
}

/** Raw headers minus hop-by-hop ones and those the Connection header names; order and case kept. */
export function endToEnd(rawHeaders: string[], drop: readonly string[] = []): string[] {
  const listed = connectionListed(rawHeaders);
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (hopByHop.has(lower) || listed.has(lower) || drop.includes(lower)) continue;
    out.push(name, rawHeaders[i + 1]!);
  }
  return out;
}

const forwardedNames = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host'];

/**
 * The headers the CMS receives: the client's own (Host kept, so WordPress
 * builds its URLs right) less hop-by-hop ones, plus X-Forwarded-For (appended
 * to any earlier proxies'), -Proto and -Host. A buffered body gets an exact
 * Content-Length in place of chunked framing.
 */
export function forwardHeaders(req: IncomingMessage, bodyLength?: number): string[] {
  const raw = req.rawHeaders;
  let priorFor: string | undefined;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'x-forwarded-for') priorFor = priorFor ? `${priorFor}, ${raw[i + 1]}` : raw[i + 1];
  const drop = bodyLength === undefined ? forwardedNames : [...forwardedNames, 'content-length'];
  const out = endToEnd(raw, drop);
  const client = req.socket.remoteAddress ?? 'unknown';
  const proto = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  out.push('X-Forwarded-For', priorFor ? `${priorFor}, ${client}` : client, 'X-Forwarded-Proto', proto);
  if (req.headers.host) out.push('X-Forwarded-Host', req.headers.host);
  if (bodyLength !== undefined && (bodyLength > 0 || req.method !== 'GET')) out.push('Content-Length', String(bodyLength));
  return out;
}
