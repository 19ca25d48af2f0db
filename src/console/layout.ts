import type { Role, User } from '../store/store.js';
import { html, type Html } from './html.js';
import { roleName, type Lang, type Say } from './i18n.js';
import { consoleCssPath } from './styles.js';

/** What every signed-in page knows: who, in which language, with which counts on the navigation. */
export interface PageContext {
  user: User;
  lang: Lang;
  say: Say;
  csrf: string;
  /** The path and query of this page (the language toggle comes back here). */
  here: string;
  counts: { pending: number; unknown: number; published: number };
}

export type Section = 'queue' | 'unknown' | 'decided' | 'published' | 'registry' | 'audit' | 'users';

const may = (role: Role, ...roles: Role[]) => role === 'admin' || roles.includes(role);

export const canSeeRegistry = (u: User) => !u.portals && may(u.role, 'officer', 'reviewer', 'auditor');
/** The audit trail and the users are the whole tier's: for those not limited to some portals. */
export const canSeeAudit = (u: User) => !u.portals && may(u.role, 'officer', 'auditor');
export const canManageUsers = (u: User) => !u.portals && u.role === 'admin';
export const canDecide = (u: User) => may(u.role, 'reviewer', 'officer');

/** The HTML document around a page's content. */
export function documentShell(lang: Lang, title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="${consoleCssPath}"></head>
<body>${body}</body></html>`;
}

/** A hidden field carrying the session's anti-forgery token: every console form has one. */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

export function page(ctx: PageContext, section: Section, title: string, content: Html, notice?: { kind: 'ok' | 'error'; text: string }): Html {
  const { say, user, counts } = ctx;
  const link = (s: Section, href: string, label: string, count?: number) =>
    html`<a href="${href}"${s === section ? html` aria-current="page"` : ''}>${label}${count === undefined ? '' : html`<span class="count${count ? '' : ' zero'}">${count}</span>`}</a>`;
  const other: Lang = ctx.lang === 'en' ? 'zh' : 'en';
  const body = html`<header class="bar"><span class="brand">${say('保密审查网关 · 审核台', 'baomi-gateway · Review console')}</span>
<nav>${link('queue', '/console/queue', say('待审队列', 'Queue'), counts.pending)}${counts.unknown ? link('unknown', '/console/queue?state=release-unknown', say('结果不明', 'Release unknown'), counts.unknown) : ''}${link('decided', '/console/queue?state=decided', say('已处理', 'Decided'))}${link('published', '/console/published', say('已发布内容', 'Found online'), counts.published)}${canSeeRegistry(user) ? link('registry', '/console/registry', say('涉密文件登记', 'Registry')) : ''}${canSeeAudit(user) ? link('audit', '/console/audit', say('审计记录', 'Audit')) : ''}${canManageUsers(user) ? link('users', '/console/users', say('用户', 'Users')) : ''}</nav>
<div class="who"><span>${user.name} · ${roleName(say, user.role)}</span><a href="/console/lang/${other}?back=${encodeURIComponent(ctx.here)}" lang="${other === 'en' ? 'en' : 'zh-CN'}">${other === 'en' ? 'English' : '中文'}</a>
<form method="post" action="/console/signout" class="inline">${csrfField(ctx.csrf)}<button class="link" type="submit">${say('退出', 'Sign out')}</button></form></div></header>
<main><h1>${title}</h1>${notice ? html`<div class="notice ${notice.kind}" role="status">${notice.text}</div>` : ''}${content}</main>`;
  return documentShell(ctx.lang, `${title} · ${say('审核台', 'Review console')}`, body);
}
