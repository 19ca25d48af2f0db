import { roles, type UserRecord } from '../../store/store.js';
import { html, type Html } from '../html.js';
import { roleName, shownTime } from '../i18n.js';
import { csrfField, page, type PageContext } from '../layout.js';

/** Users (administrators only): add, change a role, disable, give a new API token or console password; each change is audited. */
export function usersPage(ctx: PageContext, users: UserRecord[], timeZone: string, notice?: { kind: 'ok' | 'error'; text: string }, token?: { name: string; token: string }): Html {
  const { say } = ctx;
  const csrf = csrfField(ctx.csrf);
  const roleSelect = (current?: string) => html`<select name="role" required>${current ? '' : html`<option value="">—</option>`}${roles.map((r) => html`<option value="${r}"${r === current ? html` selected` : ''}>${roleName(say, r)}</option>`)}</select>`;
  const shown = token
    ? html`<div class="notice ok" role="status">${say(`${token.name} 的接口令牌（只显示这一次）：`, `API token of ${token.name} (shown only this once):`)}<br><code class="token">${token.token}</code></div>`
    : '';
  const add = html`<section class="panel"><h2>${say('添加用户', 'Add a user')}</h2><form method="post" action="/console/users" class="filters">${csrf}
<label>${say('用户名', 'Name')}<input name="name" required maxlength="64"></label>
<label>${say('角色', 'Role')}${roleSelect()}</label>
<label>${say('限定网站（逗号分隔，可空）', 'Portals (comma-separated, optional)')}<input name="portals" size="16"></label>
<label>${say('控制台密码（至少 12 位，可空）', 'Console password (12+ characters, optional)')}<input name="password" type="password" autocomplete="new-password" minlength="12"></label>
<button type="submit">${say('添加', 'Add')}</button></form></section>`;
  const rows = users.map((u) => {
    const base = `/console/users/${encodeURIComponent(u.name)}`;
    return html`<tr><td>${u.name}</td><td><form method="post" action="${base}/role" class="inline">${csrf}${roleSelect(u.role)} <button type="submit" class="secondary">${say('改', 'Set')}</button></form></td><td>${u.portals ? u.portals.join(', ') : say('全部', 'all')}</td><td>${u.disabled ? say('已停用', 'disabled') : say('启用', 'enabled')}</td><td>${shownTime(u.createdAt, timeZone)}</td>
<td class="actions"><form method="post" action="${base}/${u.disabled ? 'enable' : 'disable'}">${csrf}<button type="submit" class="${u.disabled ? 'secondary' : 'danger'}">${u.disabled ? say('启用', 'Enable') : say('停用', 'Disable')}</button></form>
<form method="post" action="${base}/rotate">${csrf}<button type="submit" class="secondary">${say('换发令牌', 'New token')}</button></form>
<form method="post" action="${base}/password" class="inline">${csrf}<input name="password" type="password" autocomplete="new-password" minlength="12" required placeholder="${say('新密码', 'new password')}" size="12"> <button type="submit" class="secondary">${say('设密码', 'Set password')}</button></form></td></tr>`;
  });
  return page(ctx, 'users', say('用户', 'Users'), html`${shown}${add}<div class="scroll"><table><thead><tr><th>${say('用户名', 'Name')}</th><th>${say('角色', 'Role')}</th><th>${say('网站', 'Portals')}</th><th>${say('状态', 'State')}</th><th>${say('创建', 'Since')}</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`, notice);
}
