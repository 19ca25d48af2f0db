import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { holdStates, type HoldState } from '../store/store.js';
import { ReviewError, type HoldService } from './holds.js';
import { holdForApi } from './api-times.js';
import { requireRole } from './auth.js';

/** The review API (README, "For reviewers"; a stable contract). */
export function reviewApi(holds: HoldService): Router {
  const api = express.Router();
  api.use(express.json({ limit: '64kb' }));
  const readers = requireRole('reviewer', 'officer', 'auditor');
  const deciders = requireRole('reviewer', 'officer');

  api.get('/holds', readers, async (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    if (state && !holdStates.includes(state as HoldState)) {
      res.status(400).json({ error: 'bad_state', message: `state must be one of ${holdStates.join(', ')}` });
      return;
    }
    const limit = Math.min(Math.max(Number(req.query.limit ?? 50) || 50, 1), 500);
    const offset = Math.max(Number(req.query.offset ?? 0) || 0, 0);
    const portal = typeof req.query.portal === 'string' && req.query.portal ? req.query.portal : undefined;
    const items = await holds.list(state as HoldState | undefined, limit, offset, req.user, portal);
    res.json({ items: items.map(holdForApi), limit, offset });
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

  api.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof ReviewError) res.status(err.status).json({ error: err.code, message: err.message });
    else next(err);
  });
  return api;
}
