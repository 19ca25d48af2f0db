/**
 * A document's lines as an article content block, the way each CMS editor
 * writes it: TRS WCM's inline-styled paragraphs, 大汉 JCMS's 仿宋 spans,
 * the 信息公开 editor's plain paragraphs, WordPress block markup.
 */
import type { Doc, Line } from './gongwen.js';
import type { Rand } from './random.js';

export type ContentStyle = 'trs' | 'jcms' | 'xxgk' | 'wp' | 'wp-raw' | 'word';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

type Align = 'left' | 'center' | 'right' | 'indent';

function alignOf(l: Line): Align {
  switch (l.role) {
    case 'banner':
    case 'number':
    case 'title':
      return 'center';
    case 'sign':
    case 'date':
      return 'right';
    case 'para':
    case 'heading':
    case 'note':
      return 'indent';
    default:
      return 'left';
  }
}

function trsLine(l: Line, r: Rand): string {
  const a = alignOf(l);
  const style = a === 'center' ? 'text-align: center;' : a === 'right' ? 'text-align: right;' : a === 'indent' ? 'text-indent: 2em; text-align: justify;' : 'text-align: left;';
  const font = l.role === 'banner' ? 'font-size: 24pt; color: rgb(255, 0, 0); font-family: 方正小标宋简体;' : l.role === 'title' ? 'font-size: 22pt; font-family: 方正小标宋简体;' : l.role === 'heading' ? 'font-family: 黑体;' : 'font-family: 仿宋_GB2312;';
  const text = escapeHtml(l.text);
  const inner = l.role === 'heading' && r.chance(0.5) ? `<strong>${text}</strong>` : `<span style="${font}">${text}</span>`;
  return `<p style="${style}">${inner}</p>`;
}

function jcmsLine(l: Line): string {
  const a = alignOf(l);
  const style = a === 'center' ? 'text-align:center' : a === 'right' ? 'text-align:right' : a === 'indent' ? 'text-indent:2em' : '';
  const font = l.role === 'heading' ? '黑体' : l.role === 'title' || l.role === 'banner' ? '方正小标宋_GBK' : '仿宋_GB2312';
  return `<p style="${style};line-height:28pt;margin:0"><font face="${font}" style="font-size:16pt">${escapeHtml(l.text)}</font></p>`;
}

function xxgkLine(l: Line): string {
  const a = alignOf(l);
  return a === 'indent' ? `<p>　　${escapeHtml(l.text)}</p>` : `<p align="${a === 'left' ? 'left' : a}">${escapeHtml(l.text)}</p>`;
}

function wpLine(l: Line, raw: boolean): string {
  const a = alignOf(l);
  const cls = a === 'center' ? 'has-text-align-center' : a === 'right' ? 'has-text-align-right' : '';
  const block = a === 'center' || a === 'right' ? `<!-- wp:paragraph {"align":"${a}"} -->` : '<!-- wp:paragraph -->';
  const p = `<p${cls ? ` class="${cls}"` : ''}>${l.role === 'heading' ? `<strong>${escapeHtml(l.text)}</strong>` : escapeHtml(l.text)}</p>`;
  return raw ? `${block}\n${p}\n<!-- /wp:paragraph -->` : p;
}

/** Word's runs: a new span wherever the script changes (CJK, Latin and digits, symbols), as a paste from Word leaves them. */
function wordRuns(text: string, cjkFont: string): string {
  const kind = (c: string) => (c === '★' ? 's' : c.charCodeAt(0) < 0x80 ? 'a' : 'c');
  const runs: string[] = [];
  let run = '';
  let k = '';
  for (const c of text) {
    if (run && kind(c) !== k) {
      runs.push(run);
      run = '';
    }
    run += c;
    k = kind(c);
  }
  if (run) runs.push(run);
  return runs
    .map((t) => {
      const f = kind(t[0]!);
      const font = f === 'a' ? '&quot;Times New Roman&quot;' : f === 's' ? '宋体' : cjkFont;
      return `<span${f === 'c' ? '' : ' lang="EN-US"'} style="font-size:16.0pt;font-family:${font}">${escapeHtml(t)}</span>`;
    })
    .join('');
}

function wordLine(l: Line): string {
  const a = alignOf(l);
  const attrs = a === 'center' ? ' align="center" style="text-align:center;line-height:28.0pt;mso-line-height-rule:exactly"' : a === 'right' ? ' align="right" style="text-align:right;line-height:28.0pt"' : a === 'indent' ? ' style="text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly"' : ' style="line-height:28.0pt"';
  const font = l.role === 'heading' || l.role === 'mark' || l.role === 'urgency' ? '黑体' : l.role === 'title' || l.role === 'banner' ? '方正小标宋简体' : '仿宋_GB2312';
  return `<p class="MsoNormal"${attrs}>${wordRuns(l.text, font)}<span lang="EN-US"><o:p></o:p></span></p>`;
}

/** Word templates often set the 份号, 密级 and 紧急程度 in a borderless table: a paste keeps it. */
function wordHeadTable(head: Line[]): string {
  return `<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" style="border-collapse:collapse;mso-yfti-tbllook:1184">${head.map((l) => `<tr><td width="213" valign="top" style="padding:0cm 5.4pt 0cm 5.4pt">${wordLine(l)}</td></tr>`).join('')}</table>`;
}

export function contentHtml(lines: Line[], style: ContentStyle, r: Rand): string {
  if (style === 'word' && r.chance(0.5)) {
    const n = lines.findIndex((l) => !['copy', 'mark', 'urgency'].includes(l.role));
    if (n > 0) return contentHtml(lines.slice(n), 'word', r).replace('layout-grid:28.95pt">\n', `layout-grid:28.95pt">\n${wordHeadTable(lines.slice(0, n))}\n`);
  }
  // TRS editors often type the 份号 and 密级 into one paragraph, broken by <br>.
  const head = lines.findIndex((l) => !['copy', 'mark', 'urgency'].includes(l.role));
  if (style === 'trs' && head > 1 && r.chance(0.6)) {
    const merged = `<p style="text-align: left;"><span style="font-family: 黑体;">${lines.slice(0, head).map((l) => escapeHtml(l.text)).join('<br/>')}</span></p>`;
    return contentHtml(lines.slice(head), style, r).replace(/^(<div[^>]*>(?:<div[^>]*>)?\n)/, `$1${merged}\n`);
  }
  const body = lines.map((l) => (style === 'trs' ? trsLine(l, r) : style === 'jcms' ? jcmsLine(l) : style === 'xxgk' ? xxgkLine(l) : style === 'word' ? wordLine(l) : wpLine(l, style === 'wp-raw'))).join('\n');
  switch (style) {
    case 'trs':
      return r.chance(0.5) ? `<div class="TRS_Editor"><div class="Custom_UnionStyle">\n${body}\n</div></div>` : `<div class="TRS_UEDITOR trs_paper_default trs_web">\n${body}\n</div>`;
    case 'word':
      return `<div class="TRS_Editor"><div class="WordSection1" style="layout-grid:28.95pt">\n${body}\n</div></div>`;
    case 'jcms':
      return `<!--<$[信息内容]>begin-->\n${body}\n<!--<$[信息内容]>end-->`;
    default:
      return body;
  }
}

/** Which lines go into the content block: the title is often only the page heading. */
export function contentLines(doc: Doc, r: Rand): Line[] {
  const titleFirst = doc.lines.findIndex((l) => l.role === 'title') === 0;
  return titleFirst && r.chance(0.7) ? doc.lines.slice(1) : doc.lines;
}
