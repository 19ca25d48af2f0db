import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { escapeHtml } from '../gateway/html-page.js';
import type { CrawlRun, PublishedRecord, Store } from '../store/store.js';

export interface ReportItem {
  id: string;
  state: PublishedRecord['state'];
  verdict: 'hold' | 'block';
  url: string;
  pageUrl: string;
  title: string | null;
  foundAt: string;
  findings: Array<{ rule: string; category: string; severity: string; evidence: string; location: Record<string, unknown> }>;
}

export interface CrawlReport {
  run: { id: number; portal: string; source: string; state: CrawlRun['state']; startedAt: string; finishedAt: string | null; resumed: boolean };
  stats: Record<string, number>;
  /** Flagged content this run saw, blocks first. */
  findings: ReportItem[];
  /** What could not be fetched or read, with the reason. */
  unscanned: Array<{ url: string; kind: string; referrer: string | null; reason: string }>;
  /** What a limit of the run (max pages, max fetches) left unread: the crawl did not cover the site. */
  truncated: Array<{ url: string; kind: string; referrer: string | null; reason: string }>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Everything a report says about a run, read from the store (a page at a time: a run may have settled a million tasks). */
export async function buildReport(store: Store, run: CrawlRun, resumed: boolean): Promise<CrawlReport> {
  const findings: ReportItem[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await store.published.list({ run: run.id, portals: [run.portal], limit: 500, offset });
    for (const r of page) {
      findings.push({
        id: r.id,
        state: r.state,
        verdict: r.verdict,
        url: r.url,
        pageUrl: r.pageUrl,
        title: r.title,
        foundAt: iso(r.foundAt)!,
        findings: r.findings.map(({ rule, category, severity, evidence, location }) => ({ rule, category, severity, evidence, location })),
      });
    }
    if (page.length < 500) break;
  }
  findings.sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'block' ? -1 : 1));
  const unscanned: CrawlReport['unscanned'] = [];
  const truncated: CrawlReport['truncated'] = [];
  for (let after = 0; ; ) {
    const page = await store.crawls.settled(run.id, 1000, after);
    for (const t of page) {
      const entry = { url: t.url, kind: t.kind, referrer: t.referrer, reason: t.detail ?? '' };
      if (t.outcome === 'unscanned') unscanned.push(entry);
      else if (t.outcome === 'truncated') truncated.push(entry);
    }
    if (page.length < 1000) break;
    after = page[page.length - 1]!.seq;
  }
  return {
    run: { id: run.id, portal: run.portal, source: run.source, state: run.state, startedAt: iso(run.startedAt)!, finishedAt: iso(run.finishedAt), resumed },
    stats: run.stats,
    findings,
    unscanned,
    truncated,
  };
}

/** A cell a spreadsheet must not read as a formula (a URL or evidence starting with = + - @ would run as one). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function reportCsv(r: CrawlReport): string {
  const rows = [['type', 'verdict', 'state', 'url', 'page_url', 'title', 'rule', 'category', 'severity', 'evidence', 'reason']];
  for (const item of r.findings) {
    for (const f of item.findings) rows.push(['finding', item.verdict, item.state, item.url, item.pageUrl, item.title ?? '', f.rule, f.category, f.severity, f.evidence, '']);
  }
  for (const u of r.unscanned) rows.push(['unscanned', '', '', u.url, u.referrer ?? '', '', '', '', '', '', u.reason]);
  for (const u of r.truncated) rows.push(['not-crawled', '', '', u.url, u.referrer ?? '', '', '', '', '', '', u.reason]);
  // A byte order mark: spreadsheet programs on the officers' machines read UTF-8 Chinese only with one.
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const link = (url: string) => (/^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(url)}</a>` : escapeHtml(url));

export function reportHtml(r: CrawlReport): string {
  const section = (title: string, items: ReportItem[]) =>
    items.length
      ? `<h2>${title} (${items.length})</h2>` +
        items
          .map(
            (i) => `<section class="item ${i.verdict}"><h3>${escapeHtml(i.title ?? i.url)}</h3>
<p>${link(i.url)}${i.pageUrl !== i.url ? `<br>页面 Page: ${link(i.pageUrl)}` : ''}</p>
<p class="meta">状态 State: ${escapeHtml(i.state)} · 编号 ID: ${escapeHtml(i.id)} · 首次发现 First found: ${escapeHtml(i.foundAt)}</p>
<ul>${i.findings.map((f) => `<li><code>${escapeHtml(f.rule)}</code> [${escapeHtml(f.category)}, ${escapeHtml(f.severity)}] ${escapeHtml(f.evidence)}</li>`).join('')}</ul></section>`,
          )
          .join('\n')
      : '';
  const stats = Object.entries(r.stats)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${v}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>已发布内容检查报告 Crawl report #${r.run.id}</title>
<style>
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;color:#222;padding:0 1rem}
h1{font-size:1.4rem}h2{border-bottom:2px solid #ccc;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1rem;margin:.2rem 0}
.item{border-left:4px solid #f9a825;padding:.3rem .8rem;margin:.8rem 0;background:#fffdf5}.item.block{border-color:#b71c1c;background:#fff6f6}
.meta{color:#555;font-size:.85rem}table{border-collapse:collapse}th,td{text-align:left;padding:.1rem .8rem .1rem 0}code{font-size:.85rem}
a{word-break:break-all}
</style></head><body>
<h1>已发布内容检查报告 Crawl report #${r.run.id}</h1>
<p>网站 Portal: ${escapeHtml(r.run.portal)} · 来源 Source: ${escapeHtml(r.run.source)}<br>开始 Started: ${escapeHtml(r.run.startedAt)} · 结束 Finished: ${escapeHtml(r.run.finishedAt ?? '-')} · 状态 State: ${escapeHtml(r.run.state)}${r.run.resumed ? ' (续爬 resumed)' : ''}</p>
<table>${stats}</table>
${r.findings.length ? '' : '<p>未发现需要处理的内容。 Nothing flagged.</p>'}
${section('阻止：疑似涉密 Block', r.findings.filter((i) => i.verdict === 'block'))}
${section('待审：需要人工审核 Hold for review', r.findings.filter((i) => i.verdict === 'hold'))}
${
  r.truncated.length
    ? `<h2>未检查：超出本次限制 Not crawled: limits reached (${r.truncated.length})</h2><p>${escapeHtml(r.truncated[0]!.reason)}：以下内容本次未读取，网站未检查完整。 The crawl stopped at a limit: these were not read, and the site was not covered.</p><ul>${r.truncated
        .slice(0, 1000)
        .map((u) => `<li>${link(u.url)}</li>`)
        .join('')}${r.truncated.length > 1000 ? `<li>… ${r.truncated.length - 1000}</li>` : ''}</ul>`
    : ''
}
${
  r.unscanned.length
    ? `<h2>未能检查 Unscanned (${r.unscanned.length})</h2><ul>${r.unscanned.map((u) => `<li>${link(u.url)} — ${escapeHtml(u.reason)}${u.referrer ? ` (来自 from ${link(u.referrer)})` : ''}</li>`).join('')}</ul>`
    : ''
}
</body></html>
`;
}

/** Writes the report in the format its file name says (.html, .csv, else JSON). */
export async function writeReport(file: string, r: CrawlReport): Promise<void> {
  const ext = extname(file).toLowerCase();
  const text = ext === '.html' || ext === '.htm' ? reportHtml(r) : ext === '.csv' ? reportCsv(r) : JSON.stringify(r, null, 2) + '\n';
  await writeFile(file, text);
}
