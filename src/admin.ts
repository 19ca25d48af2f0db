import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import net from 'node:net';
import type { Logger } from 'pino';
import type { Upstream } from './gateway/upstream.js';
import type { Metrics } from './metrics.js';
import { reviewApi } from './review/api.js';
import { timingSafeEqual } from 'node:crypto';
import { bearerAuth, tokenHash } from './review/auth.js';
import type { HoldService } from './review/holds.js';
import type { PublishedService } from './review/published.js';
import type { Store } from './store/store.js';

function reachable(url: URL, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The admin listener: /metrics, /healthz, /readyz, the review API and the reviewer console. Not for editors. */
export function createAdminApp(deps: { store: Store; metrics: Metrics; holds: HoldService; published: PublishedService; upstreams: Array<{ portal: string; upstream: Upstream }>; ocr?: { readonly ready: boolean }; scans?: { readonly ready: boolean }; registryApi?: Router; console?: Router; adminToken?: string; metricsToken?: string; logger: Logger }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    // OCR disabled is not a failure: images are then held, as the policy says.
    const checks: Record<string, boolean> = { store: true, upstream: false, ocr: deps.ocr?.ready ?? true, scan: deps.scans?.ready ?? true };
    try {
      await deps.store.ping();
    } catch {
      checks.store = false;
    }
    // Ready while any portal's CMS answers: one portal's CMS down must not take the others' gateway out of rotation.
    const answering = await Promise.all(deps.upstreams.map((u) => reachable(u.upstream.base, 1000)));
    checks.upstream = answering.some(Boolean);
    const unreachable = deps.upstreams.filter((_, i) => !answering[i]).map((u) => u.portal);
    const ok = Object.values(checks).every(Boolean);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not-ready', checks, ...(unreachable.length ? { unreachablePortals: unreachable } : {}) });
  });
  // With BAOMI_METRICS_TOKEN set, Prometheus must send it (bearer_token_file in its scrape config).
  const metricsToken = deps.metricsToken ? Buffer.from(tokenHash(deps.metricsToken)) : undefined;
  app.get('/metrics', async (req, res) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (metricsToken && !(m && timingSafeEqual(Buffer.from(tokenHash(m[1]!)), metricsToken))) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message: '需要监控令牌 / The metrics token is required' });
      return;
    }
    res.set('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  // The reviewer console: its own sign-in (sessions), never the bearer token.
  if (deps.console) app.use(deps.console);
  app.use('/api', bearerAuth(deps.store, deps.adminToken), reviewApi(deps.holds, deps.published, deps.store), ...(deps.registryApi ? [deps.registryApi] : []));

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    // The body parser's refusals (too large, not JSON) are the client's mistake, with their own status.
    const status = (err as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      if (!res.headersSent) res.status(status).json({ error: status === 413 ? 'too_large' : 'bad_request', message: status === 413 ? '请求体过大 / Request body too large' : `请求无效 / ${(err as Error).message}` });
      return;
    }
    deps.logger.error({ path: req.path, err: (err as Error).message }, 'admin request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal', message: '内部错误 / Internal error' });
  });
  return app;
}
