import { secretLevels, type RegisteredDocument } from '../../store/store.js';
import { html, type Html } from '../html.js';
import { shownTime } from '../i18n.js';
import { csrfField, page, type PageContext } from '../layout.js';

/** The registry of received classified documents: metadata only (the registry never keeps their text); officers register and remove. */
export function registryPage(ctx: PageContext, documents: RegisteredDocument[], officer: boolean, timeZone: string, notice?: { kind: 'ok' | 'error'; text: string }, unread: string[] = []): Html {
  const { say } = ctx;
  const csrf = csrfField(ctx.csrf);
  const upload = officer
    ? html`<section class="panel"><h2>${say('登记收到的涉密文件', 'Register a received classified document')}</h2>
<p class="muted">${say('支持网关能读取的任何格式（PDF、扫描件、图片、Word、WPS、OFD、压缩包等）。只保存带密钥的指纹，不保存原文。', 'Any format the gateway reads (PDF, scans, images, Word, WPS, OFD, archives...). Only keyed fingerprints are kept, never the text.')}</p>
<form method="post" action="/console/registry" enctype="multipart/form-data" class="filters">${csrf}
<label>${say('文件', 'File')}<input type="file" name="file" required></label>
<label>${say('密级', 'Level')}<select name="level" required><option value="">—</option>${secretLevels.map((l) => html`<option>${l}</option>`)}</select></label>
<label>${say('标题', 'Title')}<input name="title" size="24"></label>
<label>${say('文号', 'Document number')}<input name="docNumber" size="14"></label>
<label>${say('发文机关', 'Issuer')}<input name="issuer" size="14"></label>
<label>${say('保密期限', 'Period')}<input name="period" size="6" placeholder="10年"></label>
<label>${say('收文日期', 'Received on')}<input name="receivedOn" type="date"></label>
<button type="submit">${say('登记', 'Register')}</button></form></section>`
    : '';
  const unreadNote = unread.length ? html`<div class="notice error">${say('文件有部分内容未能读取，指纹只覆盖已读部分：', 'Parts of the file could not be read; the fingerprints cover only what was read:')}<ul>${unread.map((u) => html`<li>${u}</li>`)}</ul></div>` : '';
  const rows = documents.map(
    (d) => html`<tr><td>#${d.id}</td><td><span class="tag strong">${d.level}</span></td><td>${d.title ?? ''}</td><td>${d.docNumber ?? ''}</td><td>${d.issuer ?? ''}</td><td>${d.period ?? ''}</td><td>${d.receivedOn ?? ''}</td><td>${d.registeredBy}<br><span class="muted">${shownTime(d.registeredAt, timeZone)}</span></td><td>${d.chars}</td>
${officer ? html`<td><form method="post" action="/console/registry/${d.id}/remove">${csrf}<label class="inline"><input type="checkbox" name="confirm" value="yes" required> ${say('确认', 'confirm')}</label> <button type="submit" class="danger">${say('移除', 'Remove')}</button></form></td>` : ''}</tr>`,
  );
  const table = documents.length
    ? html`<div class="scroll"><table><thead><tr><th>${say('登记号', 'No.')}</th><th>${say('密级', 'Level')}</th><th>${say('标题', 'Title')}</th><th>${say('文号', 'Number')}</th><th>${say('发文机关', 'Issuer')}</th><th>${say('期限', 'Period')}</th><th>${say('收文', 'Received')}</th><th>${say('登记人', 'Registered by')}</th><th>${say('字数', 'Chars')}</th>${officer ? html`<th></th>` : ''}</tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p class="muted">${say('登记库为空。', 'The registry is empty.')}</p>`;
  return page(ctx, 'registry', say('涉密文件登记库', 'Registry of classified documents'), html`${unreadNote}${upload}${table}`, notice);
}
