import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { randomBytes } from 'node:crypto';
import type { TrustedProxies } from '../cms/identity.js';
import { ConsoleAuth, sameOrigin, sameSecret, sessionCookie } from './auth.js';
import { cookie, cookiesOf } from './cookies.js';
import { langCookie, langOf, sayIn } from './i18n.js';
import { consoleKit, field, type ConsoleDeps } from './kit.js';
import { signInPage } from './pages/signin.js';
import { auditRoutes } from './routes/audit.js';
import { holdRoutes } from './routes/holds.js';
import { publishedRoutes } from './routes/published.js';
import { registryRoutes } from './routes/registry.js';
import { userRoutes } from './routes/users.js';
import { consoleCss, consoleCssPath } from './styles.js';

export type { ConsoleDeps } from './kit.js';

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

/**
 * The reviewer console (审核台), on the admin listener under /console:
 * server-rendered pages, no script, every form with the session's
 * anti-forgery token, every action through the same services as the API.
 * Here: headers, the stylesheet, the language toggle, signing in and out,
 * and the session every other route (routes/) needs.
 */
export function consoleApp(deps: ConsoleDeps): Router {
  const { policy } = deps;
  const auth = new ConsoleAuth(deps.store, policy.console, deps.trustedProxies, deps.audit, (via, outcome) => deps.metrics.consoleSignIns.inc({ via, outcome }));
  const kit = consoleKit(deps, auth);
  const app = express.Router();

  app.use((_req, res, next) => {
    res.set(securityHeaders);
    next();
  });
  // Browsers ask for it on every first visit; nothing to show, and no 404 in their console.
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
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
    kit.send(res, signInPage(langOf(req), token, problem, Boolean(policy.console.ssoHeader)), status);
  };
  app.get('/console/signin', (req, res) => signInForm(req, res));
  app.post('/console/signin', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const say = sayIn(langOf(req));
    // Paired with the form's own cookie, and from this origin: nobody signs a browser in as someone else.
    const expected = cookiesOf(req).get(signInCookie);
    if (!expected || !sameSecret(field(req.body?._csrf), expected) || !sameOrigin(req)) return signInForm(req, res, say('表单已过期，请重新登录。', 'The form expired: sign in again.'), 403);
    const outcome = await auth.signIn(field(req.body?.name), typeof req.body?.password === 'string' ? req.body.password : '', clientOf(req, deps.trustedProxies));
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
      return kit.refuse(req, res, 401, '请先登录。', 'Sign in first.');
    }
    // A session begun by single sign-on on this request: the browser keeps it.
    if (cookiesOf(req).get(sessionCookie) !== signedIn.id) auth.setSession(req, res, signedIn.id);
    req.signedIn = signedIn;
    req.user = signedIn.session.user;
    next();
  });
  app.post('/console/signout', kit.forms, kit.checked, async (req, res) => {
    await auth.signOut(req.signedIn!.id);
    await deps.audit.append('console.sign-out', { user: req.user!.name });
    auth.clearSession(req, res);
    res.redirect(303, '/console/signin');
  });
  app.get(['/console', '/console/'], (_req, res) => res.redirect(303, '/console/queue'));

  holdRoutes(app, kit);
  publishedRoutes(app, kit);
  registryRoutes(app, kit);
  auditRoutes(app, kit);
  userRoutes(app, kit);

  app.use('/console', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    const status = (err as { status?: number }).status;
    if (status === 413) return void res.status(413).type('text').send('文件过大 / The file is too large');
    if (status && status < 500) return next(err);
    deps.logger.error({ path: req.path, err: (err as Error).message }, 'console request failed');
    if (!res.headersSent) kit.refuse(req, res, 500, '内部错误，操作可能未完成。', 'Internal error: the action may not have been done.');
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
