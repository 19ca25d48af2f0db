import { html, type Html } from '../html.js';
import type { Lang } from '../i18n.js';
import { sayIn } from '../i18n.js';
import { documentShell } from '../layout.js';

/** The sign-in form; `formToken` pairs it with the browser's sign-in cookie (a sign-in cannot be forged from another site). */
export function signInPage(lang: Lang, formToken: string, problem?: string, sso?: boolean): Html {
  const say = sayIn(lang);
  const other = lang === 'en' ? 'zh' : 'en';
  return documentShell(
    lang,
    say('登录 · 审核台', 'Sign in · Review console'),
    html`<div class="signin"><h1>${say('保密审查网关 · 审核台', 'baomi-gateway · Review console')}</h1>
${problem ? html`<div class="notice error" role="alert">${problem}</div>` : ''}
<form method="post" action="/console/signin"><input type="hidden" name="_csrf" value="${formToken}">
<label>${say('用户名', 'User name')}<input name="name" autocomplete="username" required autofocus></label>
<label>${say('密码', 'Password')}<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">${say('登录', 'Sign in')}</button></form>
${sso ? html`<p class="muted">${say('本单位使用统一身份认证：经认证代理访问时自动登录。', 'Single sign-on is set up: through the sign-on proxy you are signed in automatically.')}</p>` : ''}
<p><a href="/console/lang/${other}?back=/console/signin">${other === 'en' ? 'English' : '中文'}</a></p></div>`,
  );
}
