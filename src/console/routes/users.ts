import type { NextFunction, Request, Response, Router } from 'express';
import { UserAdmin, UserAdminError } from '../../review/user-admin.js';
import { roles, type Role } from '../../store/store.js';
import { field, type ConsoleKit } from '../kit.js';
import { canManageUsers } from '../layout.js';
import { after, noticeOf } from '../notices.js';
import { usersPage } from '../pages/users.js';

/** Users: administrators of the whole tier only; every change goes through the same audited service as the CLI. */
export function userRoutes(app: Router, kit: ConsoleKit): void {
  const { deps, send, context } = kit;
  const users = new UserAdmin(deps.store, deps.audit);
  const admins = (req: Request, res: Response, next: NextFunction) => (canManageUsers(req.user!) ? next() : kit.forbidden(req, res));

  /** The users page; with a new token, shown this once. */
  const view = async (req: Request, res: Response, token?: { name: string; token: string }, status = 200) => {
    const ctx = await context(req);
    send(res, usersPage(ctx, await deps.store.users.list(), deps.timeZoneOf(''), token ? { kind: 'ok', text: ctx.say('已完成。', 'Done.') } : noticeOf(req, ctx.say), token), status);
  };
  app.get('/console/users', admins, (req, res) => view(req, res));

  const change = (fn: (req: Request) => Promise<string | void>) => async (req: Request, res: Response) => {
    try {
      const token = await fn(req);
      if (token) return void (await view(req, res, { name: field(req.params.name) || field(req.body?.name), token }, 201));
      res.redirect(303, after('/console/users', { ok: 'user-changed' }));
    } catch (err) {
      if (!(err instanceof UserAdminError)) throw err;
      res.redirect(303, after('/console/users', { error: err.code === 'unknown' ? 'not_found' : err.code }));
    }
  };
  const roleOf = (req: Request): Role => {
    const role = field(req.body?.role);
    if (!roles.includes(role as Role)) throw new UserAdminError('bad_role', 'bad role');
    return role as Role;
  };
  const password = (req: Request) => (typeof req.body?.password === 'string' ? req.body.password : '');
  const name = (req: Request) => String(req.params.name);
  const by = (req: Request) => req.user!.name;
  const form = [kit.forms, kit.checked, admins];

  app.post('/console/users', ...form, change(async (req) => {
    const portals = field(req.body?.portals).split(/[,，\s]+/).filter(Boolean);
    return users.add(field(req.body?.name), roleOf(req), by(req), { portals: portals.length ? portals : undefined, password: password(req) || undefined });
  }));
  app.post('/console/users/:name/role', ...form, change((req) => users.setRole(name(req), roleOf(req), by(req))));
  app.post('/console/users/:name/disable', ...form, change((req) => users.setDisabled(name(req), true, by(req))));
  app.post('/console/users/:name/enable', ...form, change((req) => users.setDisabled(name(req), false, by(req))));
  app.post('/console/users/:name/rotate', ...form, change((req) => users.rotate(name(req), by(req))));
  app.post('/console/users/:name/password', ...form, change((req) => users.setPassword(name(req), password(req), by(req))));
}
