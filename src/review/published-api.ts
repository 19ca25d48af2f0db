import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { publishedStates, type PublishedState, type Store } from '../store/store.js';
import { crawlForApi, publishedForApi } from './api-times.js';
import { requireRole } from './auth.js';
import { ReviewError } from './holds.js';
import type { PublishedDecision, PublishedService } from './published.js';

/** The review API's already-published items (what crawls found online) and the crawls themselves. */
export function publishedApi(published: PublishedService, store: Store): Router {
  const api = express.Router();
  api.use(express.json({ limit: '64kb' }));
  const readers = requireRole('reviewer', 'officer', 'auditor');
  const deciders = requireRole('reviewer', 'officer');

  api.get('/published', readers, async (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    if (state && !publishedStates.includes(state as PublishedState)) {
      res.status(400).json({ error: 'bad_state', message: `state must be one of ${publishedStates.join(', ')}` });
      return;
    }
    const limit = Math.min(Math.max(Number(req.query.limit ?? 50) || 50, 1), 500);
    const offset = Math.max(Number(req.query.offset ?? 0) || 0, 0);
    const run = Number(req.query.run) || undefined;
    const portal = typeof req.query.portal === 'string' && req.query.portal ? req.query.portal : undefined;
    const items = await published.list({ state: state as PublishedState | undefined, run, portal, limit, offset }, req.user);
    res.json({ items: items.map(publishedForApi), limit, offset });
  });

  api.get('/published/:id', readers, async (req, res) => {
    const item = await published.get(String(req.params.id), req.user);
    if (!item) res.status(404).json({ error: 'not_found', message: `no published item ${req.params.id}` });
    else res.json(publishedForApi(item));
  });

  api.post('/published/:id/decide', deciders, async (req, res) => {
    const decision = typeof req.body?.decision === 'string' ? req.body.decision : '';
    const note = typeof req.body?.note === 'string' ? req.body.note : '';
    res.json(publishedForApi(await published.decide(String(req.params.id), decision as PublishedDecision, req.user!, note)));
  });

  // Crawl runs concern every portal's site: for users not limited to some portals, like the registry.
  api.get('/crawls', readers, async (req, res) => {
    if (req.user?.portals) {
      res.status(403).json({ error: 'portal_limited', message: '爬取记录涉及全部网站 / Crawl runs cover every portal: only users not limited to some portals see them' });
      return;
    }
    const limit = Math.min(Math.max(Number(req.query.limit ?? 20) || 20, 1), 200);
    res.json({ items: (await store.crawls.runs(limit)).map(crawlForApi) });
  });

  api.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof ReviewError) res.status(err.status).json({ error: err.code, message: err.message });
    else next(err);
  });
  return api;
}
