import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Hop-by-hop headers (RFC 9110 §7.6.1) never cross the proxy. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
/** Expect: 100-continue is answered by the gateway's own listener; the CMS gets the whole body at once. */
const requestOnly = ['expect'];

/** Raw headers minus hop-by-hop ones and those the Connection header names; order and case kept. */
export function endToEnd(rawHeaders: string[], drop: readonly string[] = []): string[] {
  const out: string[] = [];
  let listed: string[] | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (lower === 'connection') (listed ??= []).push(...rawHeaders[i + 1]!.toLowerCase().split(',').map((t) => t.trim()));
    if (hopByHop.has(lower) || drop.includes(lower)) continue;
    out.push(name, rawHeaders[i + 1]!);
  }
  if (!listed) return out;
  // Headers the Connection header names are hop-by-hop too (RFC 9110 §7.6.1).
  const filtered: string[] = [];
  for (let i = 0; i < out.length; i += 2) if (!listed.includes(out[i]!.toLowerCase())) filtered.push(out[i]!, out[i + 1]!);
  return filtered;
}

/** Headers Node keeps the first of (the rest are discarded), as in IncomingMessage.headers. */
const single = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent']);

/** A headers object (lower-case names, repeats joined as Node joins them) from a raw list. */
export function headersOf(raw: string[]): IncomingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const seen = out[name];
    if (seen === undefined) out[name] = name === 'set-cookie' ? [value] : value;
    else if (name === 'set-cookie') (seen as string[]).push(value);
    else if (!single.has(name)) out[name] = `${seen as string}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return out;
}

const forwardedNames = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host'];
/** Built once: forwardHeaders runs on every pass-through request. */
const dropStreamed = [...forwardedNames, ...requestOnly];
const dropBuffered = [...dropStreamed, 'content-length'];

/**
 * The headers the CMS receives: the client's own (Host kept, so the CMS
 * builds its URLs right) less hop-by-hop ones, plus X-Forwarded-For (appended
 * to any earlier proxies'), -Proto and -Host. A buffered body gets an exact
 * Content-Length in place of chunked framing.
 */
export function forwardHeaders(req: IncomingMessage, bodyLength?: number): string[] {
  const raw = req.rawHeaders;
  let priorFor: string | undefined;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'x-forwarded-for') priorFor = priorFor ? `${priorFor}, ${raw[i + 1]}` : raw[i + 1];
  const out = endToEnd(raw, bodyLength === undefined ? dropStreamed : dropBuffered);
  const client = req.socket.remoteAddress ?? 'unknown';
  const proto = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  out.push('X-Forwarded-For', priorFor ? `${priorFor}, ${client}` : client, 'X-Forwarded-Proto', proto);
  if (req.headers.host) out.push('X-Forwarded-Host', req.headers.host);
  if (bodyLength !== undefined && (bodyLength > 0 || req.method !== 'GET')) out.push('Content-Length', String(bodyLength));
  return out;
}
