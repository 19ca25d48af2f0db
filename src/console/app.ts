import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { verifyAudit, type AuditTrail } from '../audit/chain.js';
import { parsePhpMultipart } from '../cms/php/multipart.js';
import type { TrustedProxies } from '../cms/identity.js';
import type { Metrics } from '../metrics.js';
import type { Policy } from '../policy/schema.js';
import { registerFile } from '../registry/register-file.js';
import { isCalendarDate, RegistryError, type Registry } from '../registry/registry.js';
import { ReviewError, type HoldService } from '../review/holds.js';
import { UserAdmin, UserAdminError } from '../review/user-admin.js';
import type { Scanner } from '../scanner.js';
import { withoutNul } from '../store/rows.js';
import { holdStates, roles, secretLevels, type HoldRecord, type HoldState, type Role, type SecretLevel, type Store, type User } from '../store/store.js';
import { ConsoleAuth, sameOrigin, sameSecret, type SignedIn } from './auth.js';
import { cookie, cookiesOf } from './cookies.js';
import type { HoldViewer } from './hold-view.js';
import { html, type Html } from './html.js';
import { langCookie, langOf, sayIn } from './i18n.js';
import { canDecide, canManageUsers, canSeeAudit, canSeeRegistry, documentShell, type PageContext } from './layout.js';
import { after, noticeOf } from './notices.js';
import { drawable } from '../scan/page-image.js';
import { auditPage } from './pages/audit.js';
import { itemPage } from './pages/item.js';
import { queuePage, type QueueFilters } from './pages/queue.js';
import { registryPage } from './pages/registry.js';
import { signInPage } from './pages/signin.js';
import { usersPage } from './pages/users.js';
import { consoleCss, consoleCssPath } from './styles.js';

export interface ConsoleDeps {
  store: Store;
  holds: HoldService;
  viewer: HoldViewer;
  audit: AuditTrail;
  auditKey: Buffer;
  policy: Policy;
  trustedProxies: TrustedProxies;
  timeZoneOf: (portal: string) => string;
  registry?: { registry: Registry; scanner: Scanner; changed: () => Promise<void> };
  metrics: Metrics;
  logger: Logger;
}

declare module 'express-serve-static-core' {
  interface Request {
    signedIn?: SignedIn;
  }
}

/** No script at all, nothing from elsewhere, no framing: held content shown here cannot run or phone home. */
const securityHeaders = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // Not no-referrer: under it browsers send `Origin: null` with forms, and the origin check could not tell our forms from forged ones.
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const signInCookie = 'baomi_signin';
const auditPageSize = 100;
const text = (v: unknown) => (typeof v === 'string' ? withoutNul(v).trim() : '');

/**
 * The reviewer console (审核台), on the admin listener under /console:
 * server-rendered pages, no script, every form with the session's
 * anti-forgery token, every action through the same services as the API.
 */
export function consoleApp(deps: ConsoleDeps): Router {
  const { store, holds, policy } = deps;
  const auth = new ConsoleAuth(store, policy.console, deps.trustedProxies, deps.audit, (via, outcome) => deps.metrics.consoleSignIns.inc({ via, outcome }));
  const users = new UserAdmin(store, deps.audit);
  const app = express.Router();
  const send = (res: Response, body: Html, status = 200) => res.status(status).type('html').send(body.value);

  app.use((_req, res, next) => {
    res.set(securityHeaders);
    next();
  });
  app.get(consoleCssPath, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=31536000, immutable').type('css').send(consoleCss);
  });
  app.get('/console/lang/:lang', (req, res) => {
    const lang = req.params.lang === 'en' ? 'en' : 'zh';
    // Back only to a console page: printable characters, no backslash (browsers read one as a slash).
    const back = typeof req.query.back === 'string' && /^\/console\/[\x21-\x5b\x5d-\x7e]*$/.test(req.query.back) ? req.query.back : '/console/queue';
    res.append('Set-Cookie', cookie(langCookie, lang, { secure: auth.tls(req), maxAgeSeconds: 365 * 86400 }));
    res.redirect(303, back);
  });

  const signInForm = (req: Request, res: Response, problem?: string, status = 200) => {
    const token = randomBytes(24).toString('base64url');
    res.append('Set-Cookie', cookie(signInCookie, token, { secure: auth.tls(req) }));
    send(res, signInPage(langOf(req), token, problem, Boolean(policy.console.ssoHeader)), status);
  };
  app.get('/console/signin', (req, res) => signInForm(req, res));
  app.post('/console/signin', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const say = sayIn(langOf(req));
    // Paired with the form's own cookie, and from this origin: nobody signs a browser in as someone else.
    const expected = cookiesOf(req).get(signInCookie);
    if (!expected || !sameSecret(text(req.body?._csrf), expected) || !sameOrigin(req)) return signInForm(req, res, say('表单已过期，请重新登录。', 'The form expired: sign in again.'), 403);
    const outcome = await auth.signIn(text(req.body?.name), typeof req.body?.password === 'string' ? req.body.password : '', clientOf(req, deps.trustedProxies));
    if (!outcome.ok) {
      const problem =
        outcome.reason === 'locked'
          ? say(`连续输错密码，账户已锁定 ${policy.console.lockoutMinutes} 分钟。`, `Too many wrong passwords: the account is locked for ${policy.console.lockoutMinutes} minutes.`)
          : outcome.reason === 'rate-limited'
            ? say('登录尝试过于频繁，请稍后再试。', 'Too many sign-in attempts: wait a minute.')
            : say('用户名或密码错误。', 'Wrong user name or password.');
      return signInForm(req, res, problem, outcome.reason === 'rate-limited' ? 429 : 401);
    }
    auth.setSession(req, res, outcome.sessionId);
    res.append('Set-Cookie', cookie(signInCookie, '', { secure: auth.tls(req), maxAgeSeconds: 0 }));
    res.redirect(303, '/console/queue');
  });

  // Everything below needs a signed-in user.
  app.use('/console', async (req, res, next) => {
    const signedIn = await auth.signedIn(req);
    if (!signedIn) {
      if (req.method === 'GET' || req.method === 'HEAD') return void res.redirect(303, '/console/signin');
      return void send(res, documentShell(langOf(req), 'Sign in', html`<main><p>${sayIn(langOf(req))('请先登录。', 'Sign in first.')} <a href="/console/signin">→</a></p></main>`), 401);
    }
    // A session begun by single sign-on on this request: the browser keeps it.
    if (!cookiesOf(req).has('baomi_session') || cookiesOf(req).get('baomi_session') !== signedIn.id) auth.setSession(req, res, signedIn.id);
    req.signedIn = signedIn;
    req.user = signedIn.session.user;
    next();
  });
  // Every form, whatever its encoding, proves it came from a page of this session.
  const forms = express.urlencoded({ extended: false, limit: '64kb' });
  const checked = (req: Request, res: Response, next: NextFunction) => {
    if (auth.formIsOurs(req, req.signedIn!.session, req.body?._csrf)) return next();
    void deps.audit.append('console.forged-form', { user: req.user!.name, path: req.path.slice(0, 200), origin: String(req.headers.origin ?? '').slice(0, 200) }).catch(() => {});
    send(res, documentShell(langOf(req), 'Forbidden', html`<main><div class="notice error">${sayIn(langOf(req))('表单已过期或来源不明，操作未执行。', 'The form expired or came from elsewhere: nothing was done.')} <a href="/console/queue">←</a></div></main>`), 403);
  };

  const context = async (req: Request): Promise<PageContext> => {
    const user = req.user!;
    const lang = langOf(req);
    return { user, lang, say: sayIn(lang), csrf: req.signedIn!.session.csrf, here: req.originalUrl.slice(0, 500), counts: await counts(user) };
  };
  const counts = async (user: User) => {
    if (!user.portals) return { pending: (await store.holds.pendingStats()).count, unknown: await store.holds.count('release-unknown') };
    const [pending, unknown] = await Promise.all([holds.list('pending', 1000, 0, user), holds.list('release-unknown', 1000, 0, user)]);
    return { pending: pending.length, unknown: unknown.length };
  };
  const forbidden = async (req: Request, res: Response) => {
    const ctx = await context(req);
    send(res, documentShell(ctx.lang, 'Forbidden', html`<main><div class="notice error">${ctx.say('您的角色无此权限。', 'Your role may not do this.')} <a href="/console/queue">←</a></div></main>`), 403);
  };

  app.post('/console/signout', forms, checked, async (req, res) => {
    await auth.signOut(req.signedIn!.id);
    await deps.audit.append('console.sign-out', { user: req.user!.name });
    auth.clearSession(req, res);
    res.redirect(303, '/console/signin');
  });

  app.get(['/console', '/console/'], (_req, res) => res.redirect(303, '/console/queue'));
  app.get('/console/queue', async (req, res) => {
    const q = (k: string) => (typeof req.query[k] === 'string' && req.query[k] ? String(req.query[k]).slice(0, 200) : undefined);
    const state = q('state') ?? 'pending';
    const f: QueueFilters = { state, category: q('category'), route: q('route'), submitter: q('submitter'), portal: q('portal') };
    const decided: HoldState[] = ['released', 'release-failed', 'approved', 'rejected'];
    const states: HoldState[] = state === 'decided' ? decided : holdStates.includes(state as HoldState) ? [state as HoldState] : ['pending'];
    // A queue shows those who waited longest: the oldest 500 pending; decided items, the latest 500.
    const queue = state === 'pending' || state === 'release-unknown';
    const lists = await Promise.all(states.map((s) => holds.list(s, 500, 0, req.user, f.portal, queue)));
    const items = queue ? lists.flat() : lists.flat().sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 500);
    send(res, queuePage(await context(req), items, f, deps.timeZoneOf, Date.now()));
  });

  const held = async (req: Request, res: Response): Promise<HoldRecord | undefined> => {
    const hold = await holds.get(String(req.params.id), req.user);
    if (!hold) {
      const ctx = await context(req);
      send(res, documentShell(ctx.lang, 'Not found', html`<main><div class="notice error">${ctx.say('没有这个扣留项。', 'No such held item.')} <a href="/console/queue">←</a></div></main>`), 404);
    }
    return hold;
  };
  app.get('/console/holds/:id', async (req, res) => {
    const hold = await held(req, res);
    if (!hold) return;
    const ctx = await context(req);
    const registered = new Map((deps.registry?.registry.list() ?? []).map((d) => [d.id, d]));
    const content = await deps.viewer.content(hold, req.user!);
    send(res, itemPage(ctx, hold, { content, registered, rejectReasons: policy.review.rejectReasons, timeZone: deps.timeZoneOf(hold.portal), twoStep: holds.twoStep, notice: noticeOf(req, ctx.say) }));
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

  const decide = (action: 'release' | 'approve' | 'reject' | 'confirm' | 'comment') =>
    async (req: Request, res: Response) => {
      const id = String(req.params.id);
      const back = `/console/holds/${encodeURIComponent(id)}`;
      if (!canDecide(req.user!)) return forbidden(req, res);
      try {
        const user = req.user!;
        let outcome: string;
        if (action === 'comment') {
          await holds.comment(id, user, text(req.body?.comment));
          outcome = 'commented';
        } else if (action === 'reject') {
          const reason = [text(req.body?.template), text(req.body?.reason)].filter(Boolean).join('；');
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
  for (const action of ['release', 'approve', 'reject', 'confirm', 'comment'] as const) app.post(`/console/holds/:id/${action}`, forms, checked, decide(action));

  // The registry: everyone who may read it sees the list; officers register and remove.
  const officer = (u: User) => u.role === 'officer' || u.role === 'admin';
  app.get('/console/registry', async (req, res) => {
    if (!deps.registry || !canSeeRegistry(req.user!)) return forbidden(req, res);
    const ctx = await context(req);
    send(res, registryPage(ctx, deps.registry.registry.list(), officer(req.user!), deps.timeZoneOf(''), noticeOf(req, ctx.say)));
  });
  const upload = express.raw({ type: 'multipart/form-data', limit: policy.limits.bodyBytes + 65536 });
  const registrars = (req: Request, res: Response, next: NextFunction) => (deps.registry && canSeeRegistry(req.user!) && officer(req.user!) ? next() : void forbidden(req, res));
  // Only an officer's upload is read at all (before its token is checked, the body must be parsed to find it).
  app.post('/console/registry', registrars, upload, (req, _res, next) => {
    // The form's fields, read from the multipart body the way the gateway reads uploads.
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const parsed = parsePhpMultipart(body, String(req.headers['content-type'] ?? ''));
    const fields: Record<string, string> = {};
    let file: { name: string; bytes: Buffer } | undefined;
    for (const p of parsed.parts) {
      if (!p.name || !p.stored) continue;
      if (p.filename !== undefined) file = { name: Buffer.from(p.filename, 'latin1').toString('utf8').split(/[\\/]/).pop() || 'upload', bytes: body.subarray(p.start, p.end) };
      else fields[p.name] = body.subarray(p.start, p.end).toString('utf8');
    }
    req.body = { ...fields, file };
    next();
  }, checked, async (req, res) => {
    if (!deps.registry) return forbidden(req, res);
    const level = text(req.body.level);
    const receivedOn = text(req.body.receivedOn) || undefined;
    const file = req.body.file as { name: string; bytes: Buffer } | undefined;
    if (!secretLevels.includes(level as SecretLevel)) return void res.redirect(303, after('/console/registry', { error: 'bad_level' }));
    if (receivedOn && !isCalendarDate(receivedOn)) return void res.redirect(303, after('/console/registry', { error: 'bad_date' }));
    if (!file?.bytes.length) return void res.redirect(303, after('/console/registry', { error: 'no_file' }));
    const meta = { level: level as SecretLevel, title: text(req.body.title) || undefined, docNumber: text(req.body.docNumber) || undefined, issuer: text(req.body.issuer) || undefined, period: text(req.body.period) || undefined, receivedOn };
    try {
      const { problems } = await registerFile(deps.registry.registry, deps.registry.scanner, file.name, file.bytes, meta, req.user!.name);
      await deps.registry.changed();
      const ctx = await context(req);
      send(res, registryPage(ctx, deps.registry.registry.list(), true, deps.timeZoneOf(''), { kind: 'ok', text: ctx.say('文件已登记，此后的发布将与之比对。', 'Registered: every publish from now on is compared with it.') }, problems.map((p) => `${p.code}: ${p.detail}`)), 201);
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      res.redirect(303, after('/console/registry', { error: err.code === 'no-text' ? 'no_text' : err.code === 'not-found' ? 'not_found' : err.code }));
    }
  });
  app.post('/console/registry/:id/remove', forms, checked, registrars, async (req, res) => {
    if (!deps.registry) return forbidden(req, res);
    try {
      if (!/^\d{1,15}$/.test(String(req.params.id))) throw new RegistryError('not-found', 'no such registration');
      await deps.registry.registry.remove(Number(req.params.id), req.user!.name);
      await deps.registry.changed();
      res.redirect(303, after('/console/registry', { ok: 'removed' }));
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      res.redirect(303, after('/console/registry', { error: 'not_found' }));
    }
  });

  // The audit trail: auditors and officers read, verify and export it.
  app.get('/console/audit', async (req, res) => {
    if (!canSeeAudit(req.user!)) return forbidden(req, res);
    const before = /^\d{1,15}$/.test(String(req.query.before ?? '')) ? Number(req.query.before) : undefined;
    send(res, auditPage(await context(req), await store.audit.recent(auditPageSize, before), auditPageSize, deps.timeZoneOf('')));
  });
  app.post('/console/audit/verify', forms, checked, async (req, res) => {
    if (!canSeeAudit(req.user!)) return forbidden(req, res);
    const result = await verifyAudit(store.audit, deps.auditKey);
    await deps.audit.append('audit.verify', { user: req.user!.name, ok: result.ok, entries: result.entries });
    send(res, auditPage(await context(req), await store.audit.recent(auditPageSize), auditPageSize, deps.timeZoneOf(''), result));
  });
  app.get('/console/audit/export', async (req, res) => {
    if (!canSeeAudit(req.user!)) return forbidden(req, res);
    await deps.audit.append('audit.export', { user: req.user!.name });
    res.type('application/jsonl; charset=utf-8').set('Content-Disposition', 'attachment; filename="baomi-audit.jsonl"');
    for await (const e of store.audit.entries()) {
      const line = JSON.stringify({ seq: e.seq, at: new Date(e.at).toISOString(), kind: e.kind, record: JSON.parse(e.record), prev: e.prev, hash: e.hash }) + '\n';
      if (!res.write(line)) await new Promise<void>((r) => res.once('drain', r));
      if (res.destroyed) return;
    }
    res.end();
  });

  // Users: administrators only; every change goes through the same audited service as the CLI.
  const admins = (req: Request, res: Response, next: NextFunction) => (canManageUsers(req.user!) ? next() : void forbidden(req, res));
  const usersView = async (req: Request, res: Response, token?: { name: string; token: string }, status = 200) => {
    const ctx = await context(req);
    send(res, usersPage(ctx, await store.users.list(), deps.timeZoneOf(''), token ? { kind: 'ok', text: ctx.say('已完成。', 'Done.') } : noticeOf(req, ctx.say), token), status);
  };
  app.get('/console/users', admins, (req, res) => usersView(req, res));
  const userChange = (fn: (req: Request) => Promise<string | void>) => async (req: Request, res: Response) => {
    try {
      const token = await fn(req);
      if (token) return void (await usersView(req, res, { name: text(req.params.name) || text(req.body?.name), token }, 201));
      res.redirect(303, after('/console/users', { ok: 'user-changed' }));
    } catch (err) {
      if (!(err instanceof UserAdminError)) throw err;
      res.redirect(303, after('/console/users', { error: err.code === 'unknown' ? 'not_found' : err.code }));
    }
  };
  const roleOf = (req: Request): Role => {
    const role = text(req.body?.role);
    if (!roles.includes(role as Role)) throw new UserAdminError('bad_role', 'bad role');
    return role as Role;
  };
  app.post('/console/users', forms, checked, admins, userChange(async (req) => {
    const portals = text(req.body?.portals).split(/[,，\s]+/).filter(Boolean);
    const password = typeof req.body?.password === 'string' && req.body.password ? req.body.password : undefined;
    return users.add(text(req.body?.name), roleOf(req), req.user!.name, { portals: portals.length ? portals : undefined, password });
  }));
  app.post('/console/users/:name/role', forms, checked, admins, userChange((req) => users.setRole(String(req.params.name), roleOf(req), req.user!.name)));
  app.post('/console/users/:name/disable', forms, checked, admins, userChange((req) => users.setDisabled(String(req.params.name), true, req.user!.name)));
  app.post('/console/users/:name/enable', forms, checked, admins, userChange((req) => users.setDisabled(String(req.params.name), false, req.user!.name)));
  app.post('/console/users/:name/rotate', forms, checked, admins, userChange((req) => users.rotate(String(req.params.name), req.user!.name)));
  app.post('/console/users/:name/password', forms, checked, admins, userChange((req) => users.setPassword(String(req.params.name), typeof req.body?.password === 'string' ? req.body.password : '', req.user!.name)));

  app.use('/console', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if ((err as { status?: number }).status === 413) return void res.status(413).type('text').send('文件过大 / The file is too large');
    if ((err as { status?: number }).status && (err as { status: number }).status < 500) return next(err);
    deps.logger.error({ path: req.path, err: (err as Error).message }, 'console request failed');
    if (!res.headersSent) send(res, documentShell(langOf(req), 'Error', html`<main><div class="notice error">${sayIn(langOf(req))('内部错误，操作可能未完成。', 'Internal error: the action may not have been done.')} <a href="/console/queue">←</a></div></main>`), 500);
  });
  return app;
}

/** The address a sign-in comes from: the socket's, or the one a trusted proxy forwarded (the last hop it added). */
function clientOf(req: Request, trusted: TrustedProxies): string {
  const socket = req.socket.remoteAddress ?? '';
  if (!trusted.trusts(socket)) return socket;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return forwarded.at(-1) ?? socket;
}
