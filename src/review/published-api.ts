import type { RequestHandler, Router } from 'express';
import { publishedStates, type Store } from '../store/store.js';
import { listQuery } from './api-query.js';
import { crawlForApi, publishedForApi } from './api-times.js';
import { requireEveryPortal } from './auth.js';
import type { PublishedDecision, PublishedService } from './published.js';

/** The review API's already-published items (what crawls found online) and the crawl runs. */
export function publishedRoutes(api: Router, published: PublishedService, store: Store, roles: { readers: RequestHandler; deciders: RequestHandler }): void {
  const { readers, deciders } = roles;

  api.get('/published', readers, async (req, res) => {
    const q = listQuery(req, res, publishedStates);
    if (!q) return;
    const items = await published.list({ ...q, run: Number(req.query.run) || undefined }, req.user);
    res.json({ items: items.map(publishedForApi), limit: q.limit, offset: q.offset });
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

  // Crawl runs concern every portal's site, like the registry.
  api.get('/crawls', readers, requireEveryPortal({ zh: '爬取记录', en: 'Crawl runs' }), async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 20) || 20, 1), 200);
    res.json({ items: (await store.crawls.runs(limit)).map(crawlForApi) });
  });
}
