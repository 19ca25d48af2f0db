import type { TextLine } from './document.js';

/** A run of text at a position, in page units with y measured UP from the bottom (PDF convention). */
export interface Item {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Rebuilds lines from positioned text items: same baseline (within half a glyph) → one line, left to right. */
export function itemsToLines(items: Item[], pageHeight: number, headerLines: number): TextLine[] {
  const sorted = items.filter((i) => i.str.trim()).sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Item[][] = [];
  for (const item of sorted) {
    const row = rows.at(-1);
    if (row && Math.abs(row[0]!.y - item.y) < Math.max(row[0]!.h, item.h, 1) * 0.5) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row, index) => {
    row.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const it of row) {
      // A visible gap wider than half a glyph is a space (tables, 发往：… 签批： on one line).
      if (text && it.x - end > it.h * 0.5) text += ' ';
      text += it.str;
      end = it.x + it.w;
    }
    const x = Math.min(...row.map((i) => i.x));
    const top = Math.max(...row.map((i) => i.y + i.h));
    const h = Math.max(...row.map((i) => i.h));
    return { text, origin: 'visible' as const, zone: index < headerLines ? ('header' as const) : ('body' as const), box: { x, y: pageHeight - top, w: end - x, h } };
  });
}

