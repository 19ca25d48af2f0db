import type { HoldRecord } from '../../store/store.js';
import { html, type Html } from '../html.js';
import { categoryName, shownTime, stateName } from '../i18n.js';
import { page, type PageContext } from '../layout.js';

export interface QueueFilters {
  state: string;
  category?: string;
  route?: string;
  submitter?: string;
  portal?: string;
}

/** Time on the queue as the reviewer sees it at a glance: fresh under an hour, aging under four, late after. */
export function ageClass(ms: number): 'fresh' | 'aging' | 'late' {
  return ms < 3_600_000 ? 'fresh' : ms < 4 * 3_600_000 ? 'aging' : 'late';
}

function age(ms: number, say: PageContext['say']): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return say(`${minutes} 分钟`, `${minutes} min`);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return say(`${hours} 小时`, `${hours} h`);
  return say(`${Math.floor(hours / 24)} 天`, `${Math.floor(hours / 24)} d`);
}

/** The items matching the filters (the store filters by state and portal; the rest here). */
export function filtered(items: HoldRecord[], f: QueueFilters): HoldRecord[] {
  return items.filter(
    (h) =>
      (!f.category || h.findings.some((x) => x.category === f.category)) &&
      (!f.route || h.route === f.route) &&
      (!f.submitter || (h.submitter ?? '').toLowerCase().includes(f.submitter.toLowerCase()) || h.claims.some((c) => c.toLowerCase().includes(f.submitter!.toLowerCase()))) &&
      (!f.portal || h.portal === f.portal),
  );
}

function select(name: string, label: string, current: string | undefined, options: Array<[string, string]>, any: string): Html {
  return html`<label>${label}<select name="${name}"><option value="">${any}</option>${options.map(([v, text]) => html`<option value="${v}"${v === current ? html` selected` : ''}>${text}</option>`)}</select></label>`;
}

/** The queue: oldest pending first (they have waited longest), with filters and time-on-queue colours. */
export function queuePage(ctx: PageContext, all: HoldRecord[], f: QueueFilters, timeZoneOf: (portal: string) => string, now: number): Html {
  const { say } = ctx;
  const items = filtered(all, f);
  const pendingView = f.state === 'pending' || f.state === 'release-unknown';
  if (pendingView) items.sort((a, b) => a.createdAt - b.createdAt);
  const distinct = (pick: (h: HoldRecord) => string[]) => [...new Set(all.flatMap(pick))].sort();
  const any = say('全部', 'any');
  const filters = html`<form class="filters" method="get" action="/console/queue">
<input type="hidden" name="state" value="${f.state}">
${select('category', say('类别', 'Category'), f.category, distinct((h) => h.findings.map((x) => x.category)).map((c) => [c, categoryName(say, c)]), any)}
${select('route', say('路由', 'Route'), f.route, distinct((h) => [h.route]).map((r) => [r, r]), any)}
${distinct((h) => [h.portal]).length > 1 || f.portal ? select('portal', say('网站', 'Portal'), f.portal, distinct((h) => [h.portal]).map((p) => [p, p]), any) : ''}
<label>${say('提交人', 'Submitter')}<input name="submitter" value="${f.submitter ?? ''}" size="12"></label>
<button type="submit" class="secondary">${say('筛选', 'Filter')}</button> <a href="/console/queue?state=${encodeURIComponent(f.state)}">${say('清除', 'Clear')}</a></form>`;
  const rows = items.map((h) => {
    const waited = now - h.createdAt;
    const firstReview = h.history.find((e) => e.action === 'first-review');
    return html`<tr>
<td><a href="/console/holds/${encodeURIComponent(h.id)}">${h.id}</a>${firstReview && h.state === 'pending' ? html`<br><span class="tag">${say('已初审', 'first review done')}</span>` : ''}</td>
<td>${pendingView ? html`<span class="age ${ageClass(waited)}" title="${shownTime(h.createdAt, timeZoneOf(h.portal))}">${age(waited, say)}</span>` : html`${stateName(say, h.state)}<br><span class="muted">${shownTime(h.updatedAt, timeZoneOf(h.portal))}</span>`}</td>
<td>${h.submitter ?? html`<span class="muted">${say('未核实', 'unverified')}${h.claims.length ? `: ${h.claims.join(', ')}` : ''}</span>`}</td>
<td>${h.route}<br><span class="muted">${h.method} ${h.path.slice(0, 80)}</span></td>
<td>${[...new Set(h.findings.map((x) => x.category))].map((c) => html`<span class="tag${h.findings.some((x) => x.category === c && x.severity === 'strong') ? ' strong' : ''}">${categoryName(say, c)}</span>`)}</td>
${all.some((x) => x.portal !== all[0]!.portal) ? html`<td>${h.portal}</td>` : ''}
</tr>`;
  });
  const multiPortal = all.some((x) => x.portal !== all[0]!.portal);
  const table = items.length
    ? html`<div class="scroll"><table><thead><tr><th>${say('编号', 'Item')}</th><th>${pendingView ? say('已等待', 'Waiting') : say('状态', 'State')}</th><th>${say('提交人', 'Submitter')}</th><th>${say('路由', 'Route')}</th><th>${say('发现', 'Findings')}</th>${multiPortal ? html`<th>${say('网站', 'Portal')}</th>` : ''}</tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p class="muted">${say('没有符合条件的项目。', 'Nothing here.')}</p>`;
  const title = f.state === 'pending' ? say('待审队列', 'Review queue') : f.state === 'release-unknown' ? say('放行结果不明', 'Release unknown') : say('已处理', 'Decided');
  return page(ctx, f.state === 'pending' ? 'queue' : f.state === 'release-unknown' ? 'unknown' : 'decided', title, html`${filters}<p class="muted">${say(`共 ${items.length} 项`, `${items.length} item(s)`)}</p>${table}`);
}
