import type { Router } from 'express';
import { exportLine, verifyAudit } from '../../audit/chain.js';
import type { ConsoleKit } from '../kit.js';
import { canSeeAudit } from '../layout.js';
import { auditPage } from '../pages/audit.js';

const pageSize = 100;

/** The audit trail: auditors and officers of the whole tier read, verify and export it (each verification and export is itself audited). */
export function auditRoutes(app: Router, kit: ConsoleKit): void {
  const { deps, send, context } = kit;
  const { store } = deps;

  app.get('/console/audit', async (req, res) => {
    if (!canSeeAudit(req.user!)) return kit.forbidden(req, res);
    const before = /^\d{1,15}$/.test(String(req.query.before ?? '')) ? Number(req.query.before) : undefined;
    send(res, auditPage(await context(req), await store.audit.recent(pageSize, before), pageSize, deps.timeZoneOf('')));
  });

  app.post('/console/audit/verify', kit.forms, kit.checked, async (req, res) => {
    if (!canSeeAudit(req.user!)) return kit.forbidden(req, res);
    const result = await verifyAudit(store.audit, deps.auditKey);
    await deps.audit.append('audit.verify', { user: req.user!.name, ok: result.ok, entries: result.entries });
    send(res, auditPage(await context(req), await store.audit.recent(pageSize), pageSize, deps.timeZoneOf(''), result));
  });

  app.get('/console/audit/export', async (req, res) => {
    if (!canSeeAudit(req.user!)) return kit.forbidden(req, res);
    await deps.audit.append('audit.export', { user: req.user!.name });
    res.type('application/jsonl; charset=utf-8').set('Content-Disposition', 'attachment; filename="baomi-audit.jsonl"');
    for await (const e of store.audit.entries()) {
      // Backpressure: a slow download is waited for, not buffered without end.
      if (!res.write(exportLine(e))) await new Promise<void>((r) => res.once('drain', r));
      if (res.destroyed) return;
    }
    res.end();
  });
}
