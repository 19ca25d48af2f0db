import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import net from 'node:net';
import type { Logger } from 'pino';
import type { Upstream } from './gateway/upstream.js';
import type { Metrics } from './metrics.js';
import { reviewApi } from './review/api.js';
import { bearerAuth } from './review/auth.js';
import type { HoldService } from './review/holds.js';
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

/** The admin listener: /metrics, /healthz, /readyz and the review API. Not for editors. */
export function createAdminApp(deps: { store: Store; metrics: Metrics; holds: HoldService; upstream: Upstream; ocr?: { readonly ready: boolean }; registryApi?: Router; adminToken?: string; logger: Logger }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    // OCR disabled is not a failure: images are then held, as the policy says.
    const checks: Record<string, boolean> = { store: true, upstream: false, ocr: deps.ocr?.ready ?? true };
    try {
      await deps.store.ping();
    } catch {
      checks.store = false;
    }
    checks.upstream = await reachable(deps.upstream.base, 1000);
    const ok = Object.values(checks).every(Boolean);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not-ready', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  app.use('/api', bearerAuth(deps.store, deps.adminToken), reviewApi(deps.holds), ...(deps.registryApi ? [deps.registryApi] : []));

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    deps.logger.error({ path: req.path, err: (err as Error).message }, 'admin request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal', message: '内部错误 / Internal error' });
  });
  return app;
}
