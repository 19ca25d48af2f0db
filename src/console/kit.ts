import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/chain.js';
import type { TrustedProxies } from '../cms/identity.js';
import type { Metrics } from '../metrics.js';
import type { Policy } from '../policy/schema.js';
import type { Registry } from '../registry/registry.js';
import type { HoldService } from '../review/holds.js';
import type { PublishedService } from '../review/published.js';
import type { Scanner } from '../scanner.js';
import { withoutNul } from '../store/rows.js';
import type { Store, User } from '../store/store.js';
import type { ConsoleAuth, SignedIn } from './auth.js';
import type { HoldViewer } from './hold-view.js';
import { html, type Html } from './html.js';
import { langOf, sayIn } from './i18n.js';
import { documentShell, type PageContext } from './layout.js';

export interface ConsoleDeps {
  store: Store;
  holds: HoldService;
  published: PublishedService;
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
    /** The console's signed-in session (set by the console's session check). */
    signedIn?: SignedIn;
  }
}

/** What every group of console routes uses: the services, page rendering and the checks every form passes. */
export interface ConsoleKit {
  deps: ConsoleDeps;
  send(res: Response, body: Html, status?: number): void;
  /** A short page saying why nothing was shown or done. */
  refuse(req: Request, res: Response, status: number, zh: string, en: string): void;
  /** 403 for a role that may not do this. */
  forbidden(req: Request, res: Response): void;
  context(req: Request): Promise<PageContext>;
  /** Parses a form (urlencoded); then `checked` proves it came from a page of this session. */
  forms: RequestHandler;
  checked: RequestHandler;
}

/** A form field as text: trimmed, NUL replaced (no store keeps NUL). */
export const field = (v: unknown) => (typeof v === 'string' ? withoutNul(v).trim() : '');

export function consoleKit(deps: ConsoleDeps, auth: ConsoleAuth): ConsoleKit {
  const { store, holds } = deps;
  const send = (res: Response, body: Html, status = 200) => void res.status(status).type('html').send(body.value);
  const refuse = (req: Request, res: Response, status: number, zh: string, en: string) =>
    send(res, documentShell(langOf(req), en, html`<main><div class="notice error">${sayIn(langOf(req))(zh, en)} <a href="/console/queue">←</a></div></main>`), status);
  const counts = async (user: User) => {
    if (!user.portals) return { pending: (await store.holds.pendingStats()).count, unknown: await store.holds.count('release-unknown'), published: await store.published.count('open') };
    const [pending, unknown, published] = await Promise.all([holds.list('pending', 1000, 0, user), holds.list('release-unknown', 1000, 0, user), deps.published.list({ state: 'open', limit: 1000, offset: 0 }, user)]);
    return { pending: pending.length, unknown: unknown.length, published: published.length };
  };
  return {
    deps,
    send,
    refuse,
    forbidden: (req, res) => refuse(req, res, 403, '您的角色无此权限。', 'Your role may not do this.'),
    async context(req) {
      const user = req.user!;
      const lang = langOf(req);
      return { user, lang, say: sayIn(lang), csrf: req.signedIn!.session.csrf, here: req.originalUrl.slice(0, 500), counts: await counts(user) };
    },
    forms: express.urlencoded({ extended: false, limit: '64kb' }),
    checked(req: Request, res: Response, next: NextFunction) {
      if (auth.formIsOurs(req, req.signedIn!.session, req.body?._csrf)) return next();
      void deps.audit.append('console.forged-form', { user: req.user!.name, path: req.path.slice(0, 200), origin: String(req.headers.origin ?? '').slice(0, 200) }).catch(() => {});
      refuse(req, res, 403, '表单已过期或来源不明，操作未执行。', 'The form expired or came from elsewhere: nothing was done.');
    },
  };
}
