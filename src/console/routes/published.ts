import type { Router } from 'express';
import { ReviewError } from '../../review/holds.js';
import { publishedDecisions, type PublishedDecision } from '../../review/published.js';
import { publishedStates, type PublishedState } from '../../store/store.js';
import { field, type ConsoleKit } from '../kit.js';
import { canDecide } from '../layout.js';
import { after, noticeOf } from '../notices.js';
import { publishedPage } from '../pages/published.js';

/** Content crawls found online: everyone who reads the queue sees it; reviewers and officers decide. */
export function publishedRoutes(app: Router, kit: ConsoleKit): void {
  const { deps, send, context } = kit;

  app.get('/console/published', async (req, res) => {
    const state = publishedStates.includes(req.query.state as PublishedState) ? (req.query.state as PublishedState) : 'open';
    const items = await deps.published.list({ state, limit: 200, offset: 0 }, req.user);
    const ctx = await context(req);
    send(res, publishedPage(ctx, items, state, canDecide(req.user!), deps.timeZoneOf, noticeOf(req, ctx.say)));
  });

  app.post('/console/published/:id/decide', kit.forms, kit.checked, async (req, res) => {
    if (!canDecide(req.user!)) return kit.forbidden(req, res);
    const decision = field(req.body.decision);
    if (!publishedDecisions.includes(decision as PublishedDecision)) return void res.redirect(303, after('/console/published', { error: 'bad_decision' }));
    try {
      await deps.published.decide(String(req.params.id), decision as PublishedDecision, req.user!, field(req.body.note));
      res.redirect(303, after('/console/published', { ok: decision }));
    } catch (err) {
      if (!(err instanceof ReviewError)) throw err;
      res.redirect(303, after('/console/published', { error: err.code }));
    }
  });
}
