import type { Request, Response, Router } from 'express';
import { ReviewError } from '../../review/holds.js';
import { drawable } from '../../scan/page-image.js';
import { holdStates, type HoldRecord, type HoldState } from '../../store/store.js';
import { field, type ConsoleKit } from '../kit.js';
import { canDecide } from '../layout.js';
import { after, noticeOf } from '../notices.js';
import { itemPage } from '../pages/item.js';
import { queuePage, type QueueFilters } from '../pages/queue.js';

const decidedStates: HoldState[] = ['released', 'release-failed', 'approved', 'rejected'];

/** The queue, an item, its page images and the decisions on it. */
export function holdRoutes(app: Router, kit: ConsoleKit): void {
  const { deps, send, context } = kit;
  const { holds } = deps;

  app.get('/console/queue', async (req, res) => {
    const q = (k: string) => (typeof req.query[k] === 'string' && req.query[k] ? String(req.query[k]).slice(0, 200) : undefined);
    const state = q('state') ?? 'pending';
    const f: QueueFilters = { state, category: q('category'), route: q('route'), submitter: q('submitter'), portal: q('portal') };
    const states: HoldState[] = state === 'decided' ? decidedStates : holdStates.includes(state as HoldState) ? [state as HoldState] : ['pending'];
    // A queue shows those who waited longest: the oldest 500 pending; decided items, the latest 500.
    const queue = state === 'pending' || state === 'release-unknown';
    const lists = await Promise.all(states.map((s) => holds.list(s, 500, 0, req.user, f.portal, queue)));
    const items = queue ? lists.flat() : lists.flat().sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 500);
    send(res, queuePage(await context(req), items, f, deps.timeZoneOf, Date.now()));
  });

  /** The item, if this user may see it (another portal's item does not exist for them). */
  const held = async (req: Request, res: Response): Promise<HoldRecord | undefined> => {
    const hold = await holds.get(String(req.params.id), req.user);
    if (!hold) kit.refuse(req, res, 404, '没有这个扣留项。', 'No such held item.');
    return hold;
  };

  app.get('/console/holds/:id', async (req, res) => {
    const hold = await held(req, res);
    if (!hold) return;
    const ctx = await context(req);
    const registered = new Map((deps.registry?.registry.list() ?? []).map((d) => [d.id, d]));
    const content = await deps.viewer.content(hold, req.user!);
    send(res, itemPage(ctx, hold, { content, registered, rejectReasons: deps.policy.review.rejectReasons, timeZone: deps.timeZoneOf(hold.portal), twoStep: holds.twoStep, notice: noticeOf(req, ctx.say) }));
  });

  app.get('/console/holds/:id/parts/:part/pages/:page.png', async (req, res) => {
    const hold = await held(req, res);
    if (!hold) return;
    const content = await deps.viewer.content(hold, req.user!);
    const part = Number(req.params.part);
    const entry = content?.reading?.parts[part];
    const pageIndex = Number(req.params.page);
    const page = entry?.document?.pages[pageIndex];
    if (!content || !entry || !page || !drawable(entry.document!.mediaType)) return void res.status(404).end();
    try {
      const findings = hold.findings.filter((f) => f.location.part === entry.part && f.location.file === entry.file);
      const png = await deps.viewer.draw(hold, content, { part, pageIndex, mediaType: entry.document!.mediaType, page, findings });
      res.set('Cache-Control', 'private, no-store').type('png').send(png);
    } catch (err) {
      deps.logger.warn({ holdId: hold.id, err: (err as Error).message }, 'page image not drawn');
      res.status(422).end();
    }
  });

  const decide = (action: 'release' | 'approve' | 'reject' | 'confirm' | 'comment') => async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const back = `/console/holds/${encodeURIComponent(id)}`;
    if (!canDecide(req.user!)) return kit.forbidden(req, res);
    try {
      const user = req.user!;
      let outcome: string;
      if (action === 'comment') {
        await holds.comment(id, user, field(req.body?.comment));
        outcome = 'commented';
      } else if (action === 'reject') {
        const reason = [field(req.body?.template), field(req.body?.reason)].filter(Boolean).join('；');
        await holds.reject(id, user, reason);
        outcome = 'rejected';
      } else {
        const before = (await holds.get(id, user))?.history.length ?? 0;
        const decided = action === 'release' ? await holds.release(id, user) : action === 'approve' ? await holds.approve(id, user) : await holds.confirmReleased(id, user);
        const firstReview = decided.history.length === before + 1 && decided.history.at(-1)?.action === 'first-review';
        outcome = firstReview ? 'first-review' : action === 'confirm' ? 'confirmed' : decided.state;
      }
      res.redirect(303, after(back, { ok: outcome }));
    } catch (err) {
      if (!(err instanceof ReviewError)) throw err;
      res.redirect(303, after(back, { error: err.code }));
    }
  };
  for (const action of ['release', 'approve', 'reject', 'confirm', 'comment'] as const) app.post(`/console/holds/:id/${action}`, kit.forms, kit.checked, decide(action));
}
