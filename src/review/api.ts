import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { holdStates, type Store } from '../store/store.js';
import { listQuery } from './api-query.js';
import { publishedRoutes } from './published-api.js';
import type { PublishedService } from './published.js';
import { ReviewError, type HoldService } from './holds.js';
import { holdForApi } from './api-times.js';
import { requireRole } from './auth.js';

/** The review API (README, "For reviewers"; a stable contract): held items, and what crawls found already published. */
export function reviewApi(holds: HoldService, published: PublishedService, store: Store): Router {
  const api = express.Router();
  api.use(express.json({ limit: '64kb' }));
  const readers = requireRole('reviewer', 'officer', 'auditor');
  const deciders = requireRole('reviewer', 'officer');

  api.get('/holds', readers, async (req, res) => {
    const q = listQuery(req, res, holdStates);
    if (!q) return;
    const items = await holds.list(q.state, q.limit, q.offset, req.user, q.portal);
    res.json({ items: items.map(holdForApi), limit: q.limit, offset: q.offset });
  });

  api.get('/holds/:id', readers, async (req, res) => {
    const hold = await holds.get(String(req.params.id), req.user);
    if (!hold) res.status(404).json({ error: 'not_found', message: `no held item ${req.params.id}` });
    else res.json(holdForApi(hold));
  });

  api.post('/holds/:id/release', deciders, async (req, res) => {
    res.json(holdForApi(await holds.release(String(req.params.id), req.user!)));
  });
  api.post('/holds/:id/approve', deciders, async (req, res) => {
    res.json(holdForApi(await holds.approve(String(req.params.id), req.user!)));
  });
  api.post('/holds/:id/confirm', deciders, async (req, res) => {
    res.json(holdForApi(await holds.confirmReleased(String(req.params.id), req.user!)));
  });
  api.post('/holds/:id/reject', deciders, async (req, res) => {
    const reason = typeof req.body?.reason === 'string' ? req.body.reason : '';
    res.json(holdForApi(await holds.reject(String(req.params.id), req.user!, reason)));
  });

  publishedRoutes(api, published, store, { readers, deciders });

  api.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof ReviewError) res.status(err.status).json({ error: err.code, message: err.message });
    else next(err);
  });
  return api;
}
