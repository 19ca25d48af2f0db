/**
 * GB/T 9704-2012 page layout in PDF points (A4, 156 × 225 mm text area,
 * 3号 type, 22 lines of 28 characters): where each line of a 公文 is printed.
 * Text PDFs, OFD pages and page images are all drawn from this one layout.
 */
import type { PdfText } from '../fixtures/make.js';
import type { Doc, Line } from './gongwen.js';

const left = 79;
const top = 105;
const width = 442;
const bottom = 743;
const pitch = 29;
const body = 16;

/** Width in em: ASCII is half width. */
function ems(text: string): number {
  let w = 0;
  for (const c of text) w += c.charCodeAt(0) < 0x80 ? 0.5 : 1;
  return w;
}

/** Cuts text into printed lines of at most `perLine` em, the first `firstIndent` em narrower. */
export function wrapEm(text: string, perLine: number, firstIndent = 0): string[] {
  const out: string[] = [];
  let line = '';
  let w = firstIndent;
  for (const c of text) {
    const cw = c.charCodeAt(0) < 0x80 ? 0.5 : 1;
    if (w + cw > perLine) {
      out.push(line);
      line = '';
      w = 0;
    }
    line += c;
    w += cw;
  }
  if (line) out.push(line);
  return out;
}

export interface Placed extends PdfText {
  size: number;
  role: Line['role'];
  red?: boolean;
}

const centred = (text: string, size: number) => Math.max(left, (595 - ems(text) * size) / 2);

/** Pages of placed lines; the 版记 (抄送, 印发) sits at the foot of the last page. */
export function layout(doc: Doc): Placed[][] {
  const pages: Placed[][] = [[]];
  let y = top;
  const page = () => pages[pages.length - 1]!;
  const put = (p: Omit<Placed, 'y'>, height: number) => {
    if (y + height > bottom) {
      pages.push([]);
      y = top;
    }
    page().push({ ...p, y });
    y += height;
  };
  const hasHead = doc.lines.some((l) => l.role === 'banner');
  for (const l of doc.lines) {
    switch (l.role) {
      case 'copy':
      case 'mark':
      case 'urgency':
      case 'field':
        for (const t of wrapEm(l.text, 28)) put({ text: t, x: left, size: body, role: l.role }, pitch);
        break;
      case 'banner': {
        const size = Math.min(34, Math.floor(width / ems(l.text)));
        y = Math.max(y + 12, top + 48);
        put({ text: l.text, x: centred(l.text, size), size, role: l.role, red: true }, size + 34);
        break;
      }
      case 'number':
        put({ text: l.text, x: centred(l.text, body), size: body, role: l.role }, pitch + 24);
        break;
      case 'title':
        if (!hasHead) y += pitch;
        for (const t of wrapEm(l.text, 20)) put({ text: t, x: centred(t, 22), size: 22, role: l.role }, 34);
        y += 14;
        break;
      case 'sign':
      case 'date':
        if (l.role === 'sign') y += pitch;
        put({ text: l.text, x: left + width - (ems(l.text) + 4) * body, size: body, role: l.role }, pitch);
        break;
      case 'cc':
      case 'print':
        break;
      default: {
        const indent = l.role === 'addressee' || l.role === 'attach' ? 0 : 2;
        wrapEm(l.text, 28, indent).forEach((t, i) => put({ text: t, x: left + (i === 0 ? indent * body : 0), size: body, role: l.role }, pitch));
      }
    }
  }
  const end = doc.lines.filter((l) => l.role === 'cc' || l.role === 'print');
  if (end.length) {
    const lines = end.flatMap((l) => wrapEm(l.text, 30).map((t) => ({ t, role: l.role })));
    if (y + lines.length * pitch + pitch > bottom) pages.push([]);
    lines.forEach((l, i) => page().push({ text: l.t, x: left + 8, y: bottom - (lines.length - i) * pitch, size: 14, role: l.role }));
  }
  pages.forEach((p, i) => p.push({ text: `— ${i + 1} —`, x: i % 2 ? left + 14 : left + width - 60, y: 790, size: 14, role: 'para' }));
  return pages;
}

/** Points to pixels at 150 dpi (the page images are 1240 × 1754). */
export const pxPerPt = 1240 / 595;
