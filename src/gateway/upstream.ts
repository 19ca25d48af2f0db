import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { Pool, errors } from 'undici';
import type { Metrics } from '../metrics.js';
import { endToEnd } from './headers.js';

export interface OutgoingRequest {
  method: string;
  url: string;
  /** Flat [name, value, …] list, already without hop-by-hop headers. */
  headers: string[];
}

export type UpstreamFailure = 'unreachable' | 'timeout' | 'reset';

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamFailure,
    message: string,
  ) {
    super(message);
  }
}

function failureOf(err: unknown): UpstreamFailure {
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err instanceof errors.ConnectTimeoutError) return 'timeout';
  const code = (err as NodeJS.ErrnoException).code;
  return err instanceof errors.SocketError || code === 'ECONNRESET' || code === 'EPIPE' ? 'reset' : 'unreachable';
}

/** Drains a replayed response: a release needs the status, not the page. */
const discard = () => new Writable({ write: (_chunk, _enc, done) => done() });

/**
 * The CMS behind the gateway: one undici connection pool with keep-alive and
 * the timeouts built in (no timer per request). Measured on the pass-through
 * path it costs less CPU per request than node:http with a keep-alive agent,
 * and far less than express + http-proxy-middleware (bench/proxy.ts).
 */
export class Upstream {
  readonly base: URL;
  private readonly pool: Pool;
  private readonly prefix: string;

  constructor(
    base: string,
    timeoutMs: number,
    private readonly metrics: Metrics,
  ) {
    this.base = new URL(base);
    this.prefix = this.base.pathname.replace(/\/+$/, '');
    this.pool = new Pool(this.base.origin, {
      connections: 256,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connectTimeout: Math.min(timeoutMs, 10_000),
    });
  }

  /**
   * Sends a request and streams the CMS's answer to `res` (or, for a replay,
   * drains it and reports the status). `body` is streamed when a request,
   * written whole when a buffer.
   */
  async forward(out: OutgoingRequest, body: IncomingMessage | Buffer, res: ServerResponse | undefined): Promise<number> {
    const started = performance.now();
    let status = 502;
    let answered = false;
    const bodyless = !Buffer.isBuffer(body) && (out.method === 'GET' || out.method === 'HEAD') && body.headers['content-length'] === undefined && body.headers['transfer-encoding'] === undefined;
    try {
      await this.pool.stream(
        { method: out.method, path: this.prefix + out.url, headers: out.headers, body: bodyless ? null : body, responseHeaders: 'raw' },
        ({ statusCode, headers }) => {
          this.metrics.upstreamSeconds.observe((performance.now() - started) / 1000);
          status = statusCode;
          answered = true;
          if (!res) return discard();
          // responseHeaders: 'raw' gives the flat [name, value, …] list in the CMS's order and case.
          res.writeHead(statusCode, endToEnd(headers as unknown as string[]));
          return res;
        },
      );
      return status;
    } catch (err) {
      if (answered) {
        // The CMS answered and then the stream broke (or the client went away): nothing more to say.
        res?.destroy();
        return status;
      }
      const kind = failureOf(err);
      this.metrics.upstreamErrors.inc({ kind });
      throw new UpstreamError(kind, (err as Error).message);
    }
  }

  /** A small GET of the gateway's own to the CMS (who a login belongs to): the answer, at most `limit` bytes of it. */
  async fetch(path: string, headers: string[], limit = 64 * 1024): Promise<{ status: number; body: Buffer }> {
    const res = await this.pool.request({ method: 'GET', path: this.prefix + path, headers });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        res.body.destroy();
        break;
      }
      chunks.push(chunk as Buffer);
    }
    return { status: res.statusCode, body: Buffer.concat(chunks) };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
