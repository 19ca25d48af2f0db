import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Metrics } from '../metrics.js';
import { endToEnd } from './headers.js';

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: string[];
}

export type UpstreamFailure = 'unreachable' | 'timeout' | 'reset';

/**
 * The CMS behind the gateway: one keep-alive agent, plain node:http streams
 * (express + http-proxy-middleware measured at a quarter of nginx's rate on
 * the pass-through path; see bench/proxy.ts).
 */
export class Upstream {
  readonly base: URL;
  private readonly agent: http.Agent;
  private readonly client: typeof http | typeof https;
  private readonly prefix: string;

  constructor(
    base: string,
    private readonly timeoutMs: number,
    private readonly metrics: Metrics,
  ) {
    this.base = new URL(base);
    const secure = this.base.protocol === 'https:';
    this.client = secure ? https : http;
    this.agent = new this.client.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64, scheduling: 'lifo' });
    this.prefix = this.base.pathname.replace(/\/+$/, '');
  }

  /**
   * Sends a request and streams the CMS's answer to `res` (or, for a replay,
   * drains it and reports the status). `body` is piped when a stream, written
   * whole when a buffer.
   */
  forward(out: OutgoingRequest, body: IncomingMessage | Buffer, res: ServerResponse | undefined): Promise<number> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      let failed = false;
      const fail = (kind: UpstreamFailure, err?: Error) => {
        if (failed) return;
        failed = true;
        this.metrics.upstreamErrors.inc({ kind });
        proxyReq.destroy();
        reject(new UpstreamError(kind, err?.message ?? kind));
      };
      const proxyReq = this.client.request(
        {
          agent: this.agent,
          protocol: this.base.protocol,
          hostname: this.base.hostname,
          port: this.base.port,
          method: out.method,
          path: this.prefix + out.url,
          headers: out.headers,
          setHost: false,
        },
        (proxyRes) => {
          this.metrics.upstreamSeconds.observe((performance.now() - started) / 1000);
          const status = proxyRes.statusCode ?? 502;
          if (!res) {
            proxyRes.resume();
            proxyRes.on('end', () => resolve(status));
            proxyRes.on('error', () => resolve(status));
            return;
          }
          res.writeHead(status, proxyRes.statusMessage, endToEnd(proxyRes.rawHeaders));
          proxyRes.pipe(res);
          proxyRes.on('end', () => resolve(status));
          proxyRes.on('error', () => {
            res.destroy();
            resolve(status);
          });
        },
      );
      proxyReq.setTimeout(this.timeoutMs, () => fail('timeout'));
      proxyReq.on('error', (err: NodeJS.ErrnoException) => fail(err.code === 'ECONNRESET' ? 'reset' : 'unreachable', err));
      res?.on('close', () => {
        if (!res.writableFinished) proxyReq.destroy();
      });
      if (Buffer.isBuffer(body)) proxyReq.end(body);
      else body.pipe(proxyReq);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamFailure,
    message: string,
  ) {
    super(message);
  }
}
