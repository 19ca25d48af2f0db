import type { Document } from '../extract/document.js';
import type { FindingSummary } from '../store/store.js';
import { html, type Html } from './html.js';

type Range = [number, number, boolean];

/** The findings about this document (same part, file and reading). */
export function findingsOf(doc: Document, findings: FindingSummary[]): FindingSummary[] {
  return findings.filter((f) => f.location.part === doc.part && f.location.file === doc.file && (f.location.decoding as string | undefined) === doc.decoding);
}

/** Ranges to mark on each line: a finding's own place on its line, and every span of a registry match (offsets in the lines joined by newlines, as the detector saw them). */
function marksByLine(doc: Document, findings: FindingSummary[]): Map<string, Range[]> {
  const marks = new Map<string, Range[]>();
  const add = (key: string, r: Range) => marks.set(key, [...(marks.get(key) ?? []), r]);
  let offset = 0;
  for (const page of doc.pages) {
    page.lines.forEach((line, i) => {
      const key = `${page.number}:${i}`;
      const from = offset;
      const to = offset + line.text.length;
      for (const f of findings) {
        const strong = f.severity === 'strong';
        const l = f.location as { page?: number; line?: number; start?: number; end?: number };
        if (l.page === page.number && l.line === i + 1 && l.start !== undefined && l.end !== undefined && l.end > l.start) add(key, [l.start, Math.min(l.end, line.text.length), strong]);
        for (const [s, e] of f.spans ?? []) if (s < to && e > from) add(key, [Math.max(s, from) - from, Math.min(e, to) - from, strong]);
      }
      offset = to + 1;
    });
  }
  return marks;
}

/** One line with its marked ranges (merged where they overlap), every piece escaped. */
export function markedLine(text: string, ranges: Range[]): Html {
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) {
      last[1] = Math.max(last[1], r[1]);
      last[2] ||= r[2];
    } else merged.push([...r]);
  }
  const pieces: Html[] = [];
  let at = 0;
  for (const [s, e, strong] of merged) {
    pieces.push(html`${text.slice(at, s)}<mark${strong ? html` class="strong"` : ''}>${text.slice(s, e)}</mark>`);
    at = e;
  }
  pieces.push(html`${text.slice(at)}`);
  return html`${pieces}`;
}

/** Lines shown in full up to this many; past it, the marked lines with some context around them. */
const fullUpTo = 300;
const context = 3;

/** A document's extracted text, numbered by page and line, with what the findings point at marked. */
export function highlightedText(doc: Document, findings: FindingSummary[], say: (zh: string, en: string) => string): Html {
  const marks = marksByLine(doc, findingsOf(doc, findings));
  const lines = doc.pages.flatMap((page) => page.lines.map((line, i) => ({ page: page.number, i, line, marks: marks.get(`${page.number}:${i}`) })));
  const keep = new Set<number>();
  if (lines.length <= fullUpTo) lines.forEach((_, n) => keep.add(n));
  else lines.forEach((l, n) => l.marks && Array.from({ length: 2 * context + 1 }, (_, d) => n - context + d).forEach((k) => k >= 0 && k < lines.length && keep.add(k)));
  const items: Html[] = [];
  let skipped = 0;
  lines.forEach((l, n) => {
    if (!keep.has(n)) return void skipped++;
    if (skipped) items.push(html`<li class="gap">${say(`…（略去 ${skipped} 行）`, `… (${skipped} lines not shown)`)}</li>`);
    skipped = 0;
    const origin = l.line.origin === 'visible' ? '' : html`<span class="origin">[${l.line.origin}]</span>`;
    items.push(html`<li value="${l.i + 1}" class="${l.marks ? 'hit' : ''}" title="${say(`第 ${l.page} 页 第 ${l.i + 1} 行`, `page ${l.page}, line ${l.i + 1}`)}">${markedLine(l.line.text, l.marks ?? [])}${origin}</li>`);
  });
  if (skipped) items.push(html`<li class="gap">${say(`…（略去 ${skipped} 行）`, `… (${skipped} lines not shown)`)}</li>`);
  return lines.length ? html`<ol class="text">${items}</ol>` : html`<p class="muted">${say('（无文字）', '(no text)')}</p>`;
}
