import type { VerifyResult } from '../../audit/chain.js';
import type { AuditEntry } from '../../store/store.js';
import { html, type Html } from '../html.js';
import { shownTime } from '../i18n.js';
import { csrfField, page, type PageContext } from '../layout.js';

/** Audit entries newest first, a page at a time, with verification of the whole chain and an export. */
export function auditPage(ctx: PageContext, entries: AuditEntry[], pageSize: number, timeZone: string, verified?: VerifyResult): Html {
  const { say } = ctx;
  const result = verified
    ? verified.ok
      ? html`<div class="notice ok" role="status">${say(`审计链完整：${verified.entries} 条记录。`, `Audit chain intact: ${verified.entries} entries.`)}</div>`
      : html`<div class="notice error" role="status">${say(`审计链已被破坏（读取 ${verified.entries} 条）：`, `Audit chain BROKEN (${verified.entries} entries read):`)}<ul>${verified.problems.slice(0, 50).map((p) => html`<li>${say('记录', 'entry')} ${p.seq}: ${p.problem}</li>`)}</ul></div>`
    : '';
  const rows = entries.map((e) => html`<tr><td>${e.seq}</td><td>${shownTime(e.at, timeZone)}</td><td>${e.kind}</td><td><code>${e.record.length > 400 ? `${e.record.slice(0, 400)}…` : e.record}</code></td><td><code class="muted">${e.hash.slice(0, 12)}</code></td></tr>`);
  const older = entries.length === pageSize ? html`<p><a href="/console/audit?before=${entries.at(-1)!.seq}">${say('更早的记录 →', 'Older entries →')}</a></p>` : '';
  const tools = html`<div class="actions"><form method="post" action="/console/audit/verify">${csrfField(ctx.csrf)}<button type="submit">${say('校验整条审计链', 'Verify the whole chain')}</button></form>
<a href="/console/audit/export" download="baomi-audit.jsonl">${say('导出（JSON Lines）', 'Export (JSON Lines)')}</a></div>`;
  return page(ctx, 'audit', say('审计记录', 'Audit trail'), html`${result}${tools}<div class="scroll"><table><thead><tr><th>#</th><th>${say('时间', 'Time')}</th><th>${say('类型', 'Kind')}</th><th>${say('内容', 'Record')}</th><th>${say('哈希', 'Hash')}</th></tr></thead><tbody>${rows}</tbody></table></div>${older}`);
}
