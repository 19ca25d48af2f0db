import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { parsePhpMultipart } from '../../cms/php/multipart.js';
import { registerFile } from '../../registry/register-file.js';
import { isCalendarDate, RegistryError } from '../../registry/registry.js';
import { secretLevels, type SecretLevel, type User } from '../../store/store.js';
import { field, type ConsoleKit } from '../kit.js';
import { canSeeRegistry } from '../layout.js';
import { after, noticeOf } from '../notices.js';
import { registryPage } from '../pages/registry.js';

const officer = (u: User) => u.role === 'officer' || u.role === 'admin';

/** The form's fields and its file, read from the multipart body the way the gateway reads uploads. */
function multipartForm(req: Request, _res: Response, next: NextFunction): void {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const fields: Record<string, unknown> = {};
  for (const p of parsePhpMultipart(body, String(req.headers['content-type'] ?? '')).parts) {
    if (!p.name || !p.stored) continue;
    if (p.filename !== undefined) fields.file = { name: Buffer.from(p.filename, 'latin1').toString('utf8').split(/[\\/]/).pop() || 'upload', bytes: body.subarray(p.start, p.end) };
    else fields[p.name] = body.subarray(p.start, p.end).toString('utf8');
  }
  req.body = fields;
  next();
}

/** The registry: everyone who may read it sees the list; officers register and remove. */
export function registryRoutes(app: Router, kit: ConsoleKit): void {
  const { deps, send, context } = kit;
  const list = () => deps.registry?.registry.list() ?? [];

  app.get('/console/registry', async (req, res) => {
    if (!deps.registry || !canSeeRegistry(req.user!)) return kit.forbidden(req, res);
    const ctx = await context(req);
    send(res, registryPage(ctx, list(), officer(req.user!), deps.timeZoneOf(''), noticeOf(req, ctx.say)));
  });

  const registrars = (req: Request, res: Response, next: NextFunction) => (deps.registry && canSeeRegistry(req.user!) && officer(req.user!) ? next() : kit.forbidden(req, res));
  const upload = express.raw({ type: 'multipart/form-data', limit: deps.policy.limits.bodyBytes + 65536 });
  // Only an officer's upload is read at all (its token is inside the body: the body must be parsed to check it).
  app.post('/console/registry', registrars, upload, multipartForm, kit.checked, async (req, res) => {
    const { registry, scanner, changed } = deps.registry!;
    const level = field(req.body.level);
    const receivedOn = field(req.body.receivedOn) || undefined;
    const file = req.body.file as { name: string; bytes: Buffer } | undefined;
    if (!secretLevels.includes(level as SecretLevel)) return void res.redirect(303, after('/console/registry', { error: 'bad_level' }));
    if (receivedOn && !isCalendarDate(receivedOn)) return void res.redirect(303, after('/console/registry', { error: 'bad_date' }));
    if (!file?.bytes.length) return void res.redirect(303, after('/console/registry', { error: 'no_file' }));
    const text = (k: string) => field(req.body[k]) || undefined;
    const meta = { level: level as SecretLevel, title: text('title'), docNumber: text('docNumber'), issuer: text('issuer'), period: text('period'), receivedOn };
    try {
      const { problems } = await registerFile(registry, scanner, file.name, file.bytes, meta, req.user!.name);
      await changed();
      const ctx = await context(req);
      const registered = { kind: 'ok' as const, text: ctx.say('文件已登记，此后的发布将与之比对。', 'Registered: every publish from now on is compared with it.') };
      send(res, registryPage(ctx, list(), true, deps.timeZoneOf(''), registered, problems.map((p) => `${p.code}: ${p.detail}`)), 201);
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      res.redirect(303, after('/console/registry', { error: err.code === 'no-text' ? 'no_text' : err.code === 'not-found' ? 'not_found' : err.code }));
    }
  });

  app.post('/console/registry/:id/remove', kit.forms, kit.checked, registrars, async (req, res) => {
    const { registry, changed } = deps.registry!;
    try {
      if (!/^\d{1,15}$/.test(String(req.params.id))) throw new RegistryError('not-found', 'no such registration');
      await registry.remove(Number(req.params.id), req.user!.name);
      await changed();
      res.redirect(303, after('/console/registry', { ok: 'removed' }));
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      res.redirect(303, after('/console/registry', { error: 'not_found' }));
    }
  });
}
