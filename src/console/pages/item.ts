import { walkDocuments, type Document } from '../../extract/document.js';
import { normaliseUser } from '../../cms/adapter.js';
import type { HoldRecord, RegisteredDocument } from '../../store/store.js';
import { findingsOf, highlightedText } from '../evidence.js';
import { drawable, shownPageWidth } from '../../scan/page-image.js';
import type { HoldContent } from '../hold-view.js';
import { html, type Html } from '../html.js';
import { categoryName, shownTime, stateName } from '../i18n.js';
import { canDecide, csrfField, page, type PageContext } from '../layout.js';

export interface ItemPageOptions {
  content: HoldContent | undefined;
  registered: Map<number, RegisteredDocument>;
  rejectReasons: string[];
  timeZone: string;
  twoStep: boolean;
  notice?: { kind: 'ok' | 'error'; text: string };
}

const actionNames: Record<string, [string, string]> = {
  held: ['扣留', 'held'],
  'first-review': ['初审同意', 'first review: agreed'],
  release: ['放行', 'release'],
  released: ['已发布', 'published'],
  'release-failed': ['放行失败', 'release failed'],
  'release-unknown': ['放行结果不明', 'release unknown'],
  'release-aborted': ['放行中止', 'release aborted'],
  'confirm-released': ['确认已发布', 'confirmed published'],
  approve: ['准予重新提交', 'approved for resubmission'],
  reject: ['驳回', 'rejected'],
  comment: ['备注', 'comment'],
};

function where(l: Record<string, unknown>, say: PageContext['say']): string {
  const bits = [String(l.part ?? '')];
  if (l.file) bits.push(String(l.file));
  if (l.page !== undefined) bits.push(say(`第${String(l.page)}页`, `p.${String(l.page)}`));
  if (l.line !== undefined) bits.push(say(`第${String(l.line)}行`, `l.${String(l.line)}`));
  return bits.join(' · ');
}

function documentsSection(hold: HoldRecord, content: HoldContent | undefined, say: PageContext['say']): Html {
  if (!content) return html`<p class="notice error">${say('无法打开被扣留的请求内容（密钥或数据有误），请通知保密员。', 'The held request could not be opened (key or data wrong): tell a security officer.')}</p>`;
  if (!content.reading) return html`<p class="notice error">${say('未能在时限内重新读取此请求（与检查相同的限制），请依据上方的发现决定。', 'The request could not be read again within the limits scans run under: decide by the findings above.')} <span class="muted">${content.problem ?? ''}</span></p>`;
  const sections: Html[] = [];
  content.reading.parts.forEach(({ part, file, document }, n) => {
    if (!document) return;
    for (const doc of walkDocuments(document)) {
      const found = findingsOf(doc, hold.findings);
      const hits = found.length;
      // An image's every page, a PDF's pages a finding points at (a 200-page file is not drawn whole).
      const drawn = doc !== document || !drawable(doc.mediaType) ? [] : doc.pages.map((p, i) => ({ p, i })).filter(({ p }) => doc.mediaType.startsWith('image/') || found.some((f) => (f.location as { page?: number }).page === p.number));
      // What nothing was found in (another reading of the same bytes, a field's name) is there to check, folded away.
      sections.push(html`<details class="panel"${hits || doc.problems.length ? html` open` : ''}><summary><h3>${doc.file ?? doc.part}${doc.decoding ? ` (${doc.decoding})` : ''} <span class="muted">${doc.mediaType}${hits ? say(` · ${hits} 项发现`, ` · ${hits} finding(s)`) : ''}</span></h3></summary>
${drawn.map(({ p, i }) => html`<div class="figure"><img src="/console/holds/${encodeURIComponent(hold.id)}/parts/${n}/pages/${i}.png" alt="${say(`${file ?? part} 第 ${p.number} 页，红框为发现的标志`, `${file ?? part} page ${p.number}, found marks boxed in red`)}" width="${shownPageWidth(doc.mediaType, p)}"></div>`)}
${highlightedText(doc, hold.findings, say)}${problemsOf(doc, say)}</details>`);
    }
  });
  for (const doc of content.reading.requestDocuments) sections.push(html`<section class="panel"><h3>${say('请求本身', 'The request itself')}</h3>${problemsOf(doc, say)}</section>`);
  return sections.length ? html`${sections}` : html`<p class="muted">${say('请求中没有可读内容。', 'The request carries nothing readable.')}</p>`;
}

function problemsOf(doc: Document, say: PageContext['say']): Html {
  return doc.problems.length ? html`<ul class="notice error">${doc.problems.map((p) => html`<li>${say('无法读取', 'Unreadable')}: ${p.code} — ${p.detail}</li>`)}</ul>` : html``;
}

function actions(ctx: PageContext, hold: HoldRecord, o: ItemPageOptions): Html {
  const { say, user } = ctx;
  if (!canDecide(user)) return html`<p class="muted">${say('您的角色只能查看。', 'Your role may only look.')}</p>`;
  if (hold.state !== 'pending' && hold.state !== 'release-unknown') return html`<p class="muted">${say('此项已处理。', 'This item has been decided.')}</p>`;
  const me = normaliseUser(user.name);
  if ([hold.submitter, ...hold.claims].some((n) => n && normaliseUser(n) === me)) return html`<p class="notice error">${say('这是您提交的内容，须由他人审核。', 'You submitted this item: someone else decides on it.')}</p>`;
  // As the service rules: an unverified submitter or a release that ended unknown is a security officer's decision.
  const officer = user.role === 'officer' || user.role === 'admin';
  if (!officer && (hold.submitter === null || hold.state === 'release-unknown')) {
    return html`<p class="notice">${say('提交人未能核实（或放行结果不明），此项须由保密员决定。', 'The submitter could not be verified (or the release ended unknown): a security officer decides on this item.')}</p>`;
  }
  const id = encodeURIComponent(hold.id);
  const csrf = csrfField(ctx.csrf);
  const first = hold.history.find((e) => e.action === 'first-review');
  const step = o.twoStep && hold.state === 'pending' ? (first ? say('终审：', 'Final review: ') : say('初审：', 'First review: ')) : '';
  const form = (action: string, label: string, cls = '') => html`<form method="post" action="/console/holds/${id}/${action}">${csrf}<button type="submit"${cls ? html` class="${cls}"` : ''}>${step}${label}</button></form>`;
  const unknown = hold.state === 'release-unknown';
  return html`${first && hold.state === 'pending' ? html`<p class="notice">${say(`${first.actor} 已于 ${shownTime(first.at, o.timeZone)} 初审同意，等待终审。`, `${first.actor} agreed in the first review at ${shownTime(first.at, o.timeZone)}; awaiting the final review.`)}</p>` : ''}
<div class="actions">
${unknown ? form('confirm', say('确认网站已发布', 'Confirm the CMS published it')) : ''}
${form('release', unknown ? say('重新放行', 'Release again') : say('放行（发送至网站）', 'Release (send to the CMS)'))}
${hold.contentHash && !unknown ? form('approve', say('准予重新提交', 'Approve for resubmission'), 'secondary') : ''}
<form method="post" action="/console/holds/${id}/reject" class="reject">${csrf}
<label>${say('驳回理由', 'Reason for rejecting')}<select name="template"><option value="">${say('— 选择常用理由 —', '— choose a common reason —')}</option>${o.rejectReasons.map((r) => html`<option>${r}</option>`)}</select></label>
<label>${say('补充说明（可选）', 'More (optional)')}<textarea name="reason" maxlength="1000"></textarea></label>
<button type="submit" class="danger">${say('驳回', 'Reject')}</button></form>
</div>`;
}

/** One held item: who, when, where; every finding and its evidence marked in the text; registry matches; history; actions. */
export function itemPage(ctx: PageContext, hold: HoldRecord, o: ItemPageOptions): Html {
  const { say } = ctx;
  const tz = o.timeZone;
  const facts = html`<dl class="facts">
<dt>${say('状态', 'State')}</dt><dd>${stateName(say, hold.state)}${hold.upstreamStatus ? ` (HTTP ${hold.upstreamStatus})` : ''}</dd>
<dt>${say('提交时间', 'Submitted')}</dt><dd>${shownTime(hold.createdAt, tz)} (${tz})</dd>
<dt>${say('提交人', 'Submitter')}</dt><dd>${hold.submitter ?? say('未能核实', 'could not be verified')}${hold.claims.length ? html`<br><span class="muted">${say('请求中声称', 'named in the request')}: ${hold.claims.join(', ')}</span>` : ''}</dd>
<dt>${say('网站', 'Portal')}</dt><dd>${hold.portal}</dd>
<dt>${say('路由', 'Route')}</dt><dd>${hold.route}: ${hold.method} ${hold.path}</dd>
<dt>${say('请求编号', 'Request id')}</dt><dd>${hold.requestId}</dd>
${hold.reason ? html`<dt>${say('驳回理由', 'Rejected because')}</dt><dd>${hold.reason}</dd>` : ''}
</dl>`;
  const findings = html`<div class="scroll"><table><thead><tr><th>${say('类别', 'Category')}</th><th>${say('规则', 'Rule')}</th><th>${say('证据', 'Evidence')}</th><th>${say('位置', 'Where')}</th></tr></thead><tbody>
${hold.findings.map((f) => html`<tr><td><span class="tag${f.severity === 'strong' ? ' strong' : ''}">${categoryName(say, f.category)}</span></td><td>${f.rule}${f.description ? html`<br><span class="muted">${say(f.description.zh, f.description.en)}</span>` : ''}</td><td><mark${f.severity === 'strong' ? html` class="strong"` : ''}>${f.evidence}</mark></td><td>${where(f.location, say)}</td></tr>`)}
</tbody></table></div>`;
  const matches = hold.findings.filter((f) => f.category === 'registered-copy');
  const registry = matches.length
    ? html`<h2>${say('与登记涉密文件相同的内容', 'Matches with registered classified documents')}</h2><div class="scroll"><table><thead><tr><th>${say('登记号', 'Registration')}</th><th>${say('密级', 'Level')}</th><th>${say('文号', 'Document number')}</th><th>${say('相同内容', 'In common')}</th><th>${say('在提交内容中的位置', 'Where in the submission')}</th></tr></thead><tbody>
${matches.map((f) => {
  const id = Number(/^#(\d+)/.exec(f.evidence)?.[1]);
  const d = o.registered.get(id);
  return html`<tr><td>#${Number.isFinite(id) ? id : '?'}</td><td>${d?.level ?? ''}</td><td>${d?.docNumber ?? html`<span class="muted">${d ? '—' : say('已移除', 'removed')}</span>`}</td><td>${f.evidence.replace(/^#\d+\s*\S*:\s*/, '')}</td><td>${where(f.location, say)}${f.spans?.length ? say(`，${f.spans.length} 段（下文高亮）`, `, ${f.spans.length} passage(s), marked below`) : ''}</td></tr>`;
})}</tbody></table></div><p class="muted">${say('只显示提交内容中相同的段落，从不显示登记文件的原文。', 'Only the matching passages of the submission are shown, never the registered text.')}</p>`
    : '';
  const history = html`<ol class="history">${hold.history.map((e) => html`<li><strong>${shownTime(e.at, tz)}</strong> ${e.actor} · ${actionNames[e.action] ? say(...actionNames[e.action]!) : e.action}${e.detail ? html`: <span${e.action === 'comment' ? html` class="comment"` : ''}>${e.detail}</span>` : ''}</li>`)}</ol>`;
  const comment = canDecide(ctx.user)
    ? html`<form method="post" action="/console/holds/${encodeURIComponent(hold.id)}/comment">${csrfField(ctx.csrf)}<label>${say('备注（其他审核人可见）', 'Comment (for the other reviewers)')}<textarea name="comment" maxlength="2000"></textarea></label><button type="submit" class="secondary">${say('添加备注', 'Add comment')}</button></form>`
    : '';
  const content = html`<div class="grid"><div>
<section class="panel"><h2>${say('发现', 'Findings')}</h2>${findings}${registry}</section>
<h2>${say('提取的文字（发现处高亮）', 'Extracted text (findings marked)')}</h2>${documentsSection(hold, o.content, say)}
</div><div>
<section class="panel"><h2>${say('概况', 'Facts')}</h2>${facts}</section>
<section class="panel"><h2>${say('处理', 'Decide')}</h2>${actions(ctx, hold, o)}</section>
<section class="panel"><h2>${say('经过与备注', 'History and comments')}</h2>${history}${comment}</section>
</div></div>`;
  return page(ctx, hold.state === 'pending' ? 'queue' : hold.state === 'release-unknown' ? 'unknown' : 'decided', say(`扣留项 ${hold.id}`, `Held item ${hold.id}`), content, o.notice);
}
