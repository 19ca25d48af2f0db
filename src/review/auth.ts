import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Role, Store, User } from '../store/store.js';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

/**
 * Bearer-token authentication for the admin listener: the bootstrap token
 * (BAOMI_ADMIN_TOKEN) is the `admin` user; others come from `baomi user add`.
 */
export function bearerAuth(store: Store, adminToken: string | undefined) {
  const admin = adminToken ? Buffer.from(tokenHash(adminToken)) : undefined;
  return async function authenticate(req: Request, res: Response, next: NextFunction): Promise<void> {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message: '需要登录令牌 / A bearer token is required' });
      return;
    }
    const hash = tokenHash(m[1]!);
    if (admin && timingSafeEqual(Buffer.from(hash), admin)) req.user = { name: 'admin', role: 'admin' };
    else req.user = await store.users.byTokenHash(hash);
    if (!req.user) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message: '令牌无效 / Invalid token' });
      return;
    }
    next();
  };
}

/** Allows the request only for the given roles (admin always). */
export function requireRole(...allowed: Role[]) {
  return function authorize(req: Request, res: Response, next: NextFunction): void {
    if (req.user && (req.user.role === 'admin' || allowed.includes(req.user.role))) return next();
    res.status(403).json({ error: 'forbidden', message: '无此操作权限 / Your role may not do this' });
  };
}

/**
 * Allows the request only for users not limited to some portals: what the
 * whole tier shares (the registry of classified documents, the crawl runs)
 * is managed and seen by those who answer for every portal. `what` says what
 * is shared, in the refusal.
 */
export function requireEveryPortal(what: { zh: string; en: string }) {
  return function everyPortal(req: Request, res: Response, next: NextFunction): void {
    if (!req.user?.portals) return next();
    res.status(403).json({ error: 'portal_limited', message: `${what.zh}由全部网站共用，仅限不受网站范围限制的用户 / ${what.en} are shared by every portal: only for users not limited to some portals` });
  };
}
