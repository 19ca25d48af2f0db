import { setTimeout as sleep } from 'node:timers/promises';

/** How the crawl names itself to the site (its logs show who fetched every page). */
export const crawlUserAgent = 'baomi-crawl/0.1 (secrecy review of published content)';

export interface FetchOptions {
  /** Requests started per second at most (0: no limit). */
  rate: number;
  timeoutMs: number;
  /** Bytes of a response (after decoding) read at most: a larger one is not scanned. */
  maxBytes: number;
  userAgent: string;
  /** Credentials (an Authorization for a WordPress that needs one), sent to this origin only: never to another origin of the site, whatever links or redirects say. */
  auth?: { origin: string; headers: Record<string, string> };
}

/** What the last crawl saw, for a conditional request. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type Fetched =
  | { kind: 'ok'; contentType: string; etag: string | null; lastModified: string | null; body: Buffer; headers: Headers }
  | { kind: 'not-modified' }
  | { kind: 'redirect'; status: number; location: string | undefined }
  | { kind: 'failed'; reason: string; detail: string };

/**
 * Fetches one URL at a time per caller, politely: requests start no faster
 * than the rate, never follow redirects themselves (the crawl decides where a
 * redirect may lead), stop reading a body at the size limit and give up at
 * the time limit.
 */
export class PoliteFetcher {
  private nextStart = 0;

  constructor(private readonly options: FetchOptions) {}

  /** Waits for the next start the rate allows. */
  private async turn(): Promise<void> {
    if (this.options.rate <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + 1000 / this.options.rate;
    if (start > now) await sleep(start - now);
  }

  async fetch(url: string, validators?: Validators, accept = '*/*'): Promise<Fetched> {
    await this.turn();
    const auth = this.options.auth && new URL(url).origin === this.options.auth.origin ? this.options.auth.headers : {};
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, accept, ...auth };
    if (validators?.etag) headers['if-none-match'] = validators.etag;
    if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let res: Response;
    try {
      res = await fetch(url, { headers, redirect: 'manual', signal });
    } catch (err) {
      return failure(err, this.options.timeoutMs);
    }
    if (res.status === 304) {
      await res.body?.cancel();
      return { kind: 'not-modified' };
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      return { kind: 'redirect', status: res.status, location: res.headers.get('location') ?? undefined };
    }
    if (res.status >= 400 || res.status < 200) {
      return { kind: 'failed', reason: `http-${res.status}`, detail: `${res.status} ${res.statusText}${await errorMessage(res)}`.trim() };
    }
    const declared = Number(res.headers.get('content-length'));
    if (res.headers.get('content-encoding') === null && declared > this.options.maxBytes) {
      await res.body?.cancel();
      return tooLarge(this.options.maxBytes);
    }
    let body: Buffer;
    try {
      body = await readCapped(res, this.options.maxBytes);
    } catch (err) {
      if (err instanceof TooLarge) return tooLarge(this.options.maxBytes);
      return failure(err, this.options.timeoutMs);
    }
    return {
      kind: 'ok',
      contentType: res.headers.get('content-type') ?? '',
      etag: res.headers.get('etag'),
      lastModified: res.headers.get('last-modified'),
      body,
      headers: res.headers,
    };
  }
}

class TooLarge extends Error {}

const tooLarge = (max: number): Fetched => ({ kind: 'failed', reason: 'too-large', detail: `more than ${max} bytes` });

/** Reads a body up to `max` bytes; past it, stops reading (the connection is dropped, not drained). */
async function readCapped(res: Response, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new TooLarge('too large');
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

/** What an API's error answer says (WordPress: `{"code", "message"}`), briefly; nothing for an HTML error page. */
async function errorMessage(res: Response): Promise<string> {
  try {
    if (!/json/i.test(res.headers.get('content-type') ?? '')) {
      await res.body?.cancel();
      return '';
    }
    const body = JSON.parse((await readCapped(res, 16_384)).toString('utf8')) as { code?: unknown; message?: unknown };
    const said = [body.code, body.message].filter((v) => typeof v === 'string').join(': ');
    return said ? ` (${said.slice(0, 200)})` : '';
  } catch {
    return '';
  }
}

function failure(err: unknown, timeoutMs: number): Fetched {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return { kind: 'failed', reason: 'timeout', detail: `no complete answer within ${timeoutMs} ms` };
  return { kind: 'failed', reason: 'unreachable', detail: e.cause?.code ?? e.cause?.message ?? e.message };
}
