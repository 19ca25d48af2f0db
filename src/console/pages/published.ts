import { publishedDecisions } from '../../review/published.js';
import { publishedStates, type PublishedRecord, type PublishedState } from '../../store/store.js';
import { html, type Html } from '../html.js';
import { categoryName, publishedStateName, shownTime } from '../i18n.js';
import { csrfField, page, type PageContext } from '../layout.js';

/** A link to published content: opened apart from the console (no referrer, no opener). */
const outLink = (url: string) => (/^https?:\/\//i.test(url) ? html`<a href="${url}" target="_blank" rel="noreferrer noopener">${url}</a>` : html`${url}`);

const decisionLabels: Record<string, [string, string]> = {
  'taken-down': ['已撤下', 'Taken down'],
  'confirmed-public': ['确认可公开', 'Confirmed public'],
  'false-alarm': ['误报', 'False alarm'],
};

/**
 * Content crawls found already online: what it is, where, why it was
 * flagged, and (for reviewers and officers) the decision on it.
 */
export function publishedPage(ctx: PageContext, items: PublishedRecord[], state: PublishedState, mayDecide: boolean, timeZoneOf: (portal: string) => string, notice?: { kind: 'ok' | 'error'; text: string }): Html {
  const { say } = ctx;
  const tabs = html`<p class="filters">${publishedStates.map((s) => (s === state ? html`<strong>${publishedStateName(say, s)}</strong> ` : html`<a href="/console/published?state=${s}">${publishedStateName(say, s)}</a> `))}</p>`;
  const cards = items.map((p) => {
    const zone = timeZoneOf(p.portal);
    const decide = mayDecide && p.state === 'open'
      ? html`<form method="post" action="/console/published/${encodeURIComponent(p.id)}/decide" class="filters">${csrfField(ctx.csrf)}
<label>${say('备注', 'Note')}<input name="note" size="30" maxlength="500"></label>
${publishedDecisions.map((d) => html`<button type="submit" name="decision" value="${d}"${d === 'taken-down' ? '' : html` class="secondary"`}>${say(...decisionLabels[d]!)}</button> `)}</form>`
      : '';
    return html`<section class="panel" id="item-${p.id}"><h2><span class="tag${p.verdict === 'block' ? ' strong' : ''}">${p.verdict === 'block' ? say('阻止', 'block') : say('待审', 'hold')}</span> ${p.title ?? p.url}</h2>
<p>${outLink(p.url)}${p.pageUrl !== p.url ? html`<br><span class="muted">${say('所在页面', 'On page')}</span> ${outLink(p.pageUrl)}` : ''}</p>
<p class="muted">${say('首次发现', 'First found')} ${shownTime(p.foundAt, zone)} · ${say('最近一次', 'Last seen')} ${shownTime(p.lastSeenAt, zone)} · ${publishedStateName(say, p.state)}</p>
<ul>${p.findings.map((f) => html`<li><span class="tag${f.severity === 'strong' ? ' strong' : ''}">${categoryName(say, f.category)}</span> <code>${f.rule}</code> ${f.evidence}</li>`)}</ul>
${p.history.length > 1 ? html`<p class="muted">${p.history.map((e) => html`${shownTime(e.at, zone)} ${e.actor} ${e.action}${e.detail ? `（${e.detail}）` : ''}<br>`)}</p>` : ''}
${decide}</section>`;
  });
  const body = items.length ? html`${cards}` : html`<p class="muted">${say('没有符合条件的项目。', 'Nothing here.')}</p>`;
  const intro = html`<p class="muted">${say('爬取网站已发布内容时发现的疑似涉密信息。撤下后再次爬取仍在网上的，会重新列为待处置。', 'What crawls of the published site flagged. Content marked taken down that a later crawl still finds online is opened again.')}</p>`;
  return page(ctx, 'published', say('已发布内容', 'Found online'), html`${intro}${tabs}${body}`, notice);
}
