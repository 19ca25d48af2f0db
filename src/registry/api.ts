import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { registrationForApi } from '../review/api-times.js';
import { withoutNul } from '../store/rows.js';
import { requireEveryPortal, requireRole } from '../review/auth.js';
import type { Scanner } from '../scanner.js';
import { secretLevels, type SecretLevel } from '../store/store.js';
import { registerFile } from './register-file.js';
import { isCalendarDate, RegistryError, type Registry } from './registry.js';

const statusOf: Record<RegistryError['code'], [number, string]> = {
  duplicate: [409, 'duplicate'],
  'no-text': [422, 'no_text'],
  'not-found': [404, 'not_found'],
  parameters: [500, 'internal'],
};

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? withoutNul(v.trim()) : undefined);

/**
 * The security officer's registry over the admin listener: list, register (the
 * file as the raw body, metadata in the query), remove. Reviewers and auditors
 * may list: a registry finding names the registration, its number and title are here.
 */
export function registryApi(registry: Registry, scanner: Scanner, maxBytes: number, changed: () => Promise<void> = async () => {}): Router {
  const api = express.Router();
  api.use('/registry', requireEveryPortal({ zh: '登记库', en: 'The registry and its documents' }));
  const officers = requireRole('officer');

  api.get('/registry', requireRole('officer', 'reviewer', 'auditor'), (_req, res) => {
    res.json({ items: registry.list().map(registrationForApi) });
  });

  api.post('/registry', officers, express.raw({ type: () => true, limit: maxBytes }), async (req, res) => {
    const level = text(req.query.level);
    if (!secretLevels.includes(level as SecretLevel)) {
      res.status(400).json({ error: 'bad_level', message: `level 须为 秘密、机密 或 绝密 / level must be one of ${secretLevels.join(', ')}` });
      return;
    }
    const receivedOn = text(req.query.receivedOn);
    if (receivedOn && !isCalendarDate(receivedOn)) {
      res.status(400).json({ error: 'bad_date', message: 'receivedOn 须为有效日期 YYYY-MM-DD / receivedOn must be a real date, YYYY-MM-DD' });
      return;
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const meta = { level: level as SecretLevel, title: text(req.query.title), docNumber: text(req.query.docNumber), issuer: text(req.query.issuer), period: text(req.query.period), receivedOn };
    const { document, problems } = await registerFile(registry, scanner, text(req.query.file) ?? 'upload', body, meta, req.user!.name);
    // Answered once every scanner matches against it: the next publish is checked against the new document.
    await changed();
    res.status(201).json({ document: registrationForApi(document), unread: problems });
  });

  api.delete('/registry/:id', officers, async (req, res) => {
    if (!/^\d{1,15}$/.test(String(req.params.id))) throw new RegistryError('not-found', `no registered document #${req.params.id}`);
    const document = await registry.remove(Number(req.params.id), req.user!.name);
    await changed();
    res.json({ document: registrationForApi(document) });
  });

  api.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof RegistryError)) return next(err);
    const [status, code] = statusOf[err.code];
    res.status(status).json({ error: code, message: err.message });
  });
  return api;
}
