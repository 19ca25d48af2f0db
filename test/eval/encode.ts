/**
 * Format encoders: one Doc to the bytes a portal receives — text PDF, scanned
 * PDF, phone photo, DOCX, OFD, plain text, GBK page, WordPress REST JSON.
 */
import iconv from 'iconv-lite';
import sharp from 'sharp';
import { makeDocx, makePdf, type PdfText } from '../fixtures/make.js';
import { makeOfdPages } from './ofd.js';
import { pageSvg, photograph, type PageLine, type Photo } from '../fixtures/pages.js';
import { docText, type Doc } from './gongwen.js';
import { layout, pxPerPt, type Placed } from './layout.js';

const headRoles = ['copy', 'mark', 'urgency', 'banner', 'number', 'field'];

/** The 版头 drawn on a transparent page, to lay over a text PDF page whose header is a picture. */
async function headerOverlay(doc: Doc): Promise<Buffer> {
  const placed = layout(doc)[0]!.filter((p) => headRoles.includes(p.role));
  const svg = pageSvg(imageLines(placed)).replace('<rect width="100%" height="100%" fill="white"/>', '').replace('</svg>', `${redMarks(placed)}</svg>`);
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * `perGlyph`: every character placed on its own, as PDFs converted from OFD
 * or typesetting systems are. `headerPicture`: the 版头 is a picture on page
 * 1 (a scanned red header pasted into the Word file), the rest is text.
 */
export async function toPdf(doc: Doc, perGlyph = false, headerPicture = false): Promise<Buffer> {
  const glyphs = (t: PdfText): PdfText[] => {
    const out: PdfText[] = [];
    let x = t.x;
    for (const c of t.text) {
      out.push({ ...t, text: c, x });
      x += (c.charCodeAt(0) < 0x80 ? 0.5 : 1) * (t.size ?? 16);
    }
    return out;
  };
  const pages = layout(doc).map((p, i) => p.filter((l) => !(headerPicture && i === 0 && headRoles.includes(l.role))).map(({ text, x, y, size }): PdfText => ({ text, x, y, size })));
  const images = headerPicture ? [await headerOverlay(doc)] : undefined;
  return makePdf(perGlyph ? pages.map((p) => p.flatMap(glyphs)) : pages, { title: doc.title, ...(images ? { images } : {}) });
}

/** Placed lines as a page image's lines (SVG y is the baseline). */
function imageLines(placed: Placed[]): PageLine[] {
  return placed.map((p) => ({ text: p.text.replace(/&/g, '&amp;').replace(/</g, '&lt;'), x: Math.round(p.x * pxPerPt), y: Math.round((p.y + p.size * 0.9) * pxPerPt), size: Math.round(p.size * pxPerPt), red: p.red }));
}

/** The red rule under the 发文字号 and a red seal over the date, where this document has them. */
function redMarks(placed: Placed[]): string {
  let extra = '';
  const number = placed.find((p) => p.role === 'number');
  const banner = placed.find((p) => p.role === 'banner');
  const ruleAt = number ? number.y + 24 : banner ? banner.y + banner.size + 14 : undefined;
  if (ruleAt !== undefined) extra += `<rect x="${Math.round(79 * pxPerPt)}" y="${Math.round(ruleAt * pxPerPt)}" width="${Math.round(442 * pxPerPt)}" height="5" fill="#d01010"/>`;
  const date = placed.find((p) => p.role === 'date');
  if (date) extra += `<circle cx="${Math.round((date.x + 40) * pxPerPt)}" cy="${Math.round(date.y * pxPerPt)}" r="120" fill="none" stroke="#d01010" stroke-width="10" opacity="0.8"/>`;
  return extra;
}

/** Page `index` of the document as a clean 150-dpi image. */
export async function pageImage(doc: Doc, index = 0): Promise<Buffer> {
  const placed = layout(doc)[index] ?? [];
  const svg = pageSvg(imageLines(placed)).replace('</svg>', `${redMarks(placed)}</svg>`);
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The 版头 alone (份号 to the red rule), cropped, as a header picture. */
export async function headerImage(doc: Doc): Promise<Buffer> {
  const placed = layout(doc)[0]!.filter((p) => headRoles.includes(p.role));
  const last = Math.max(...placed.map((p) => p.y + p.size));
  const height = Math.min(1754, Math.round((last + 30) * pxPerPt));
  const svg = pageSvg(imageLines(placed)).replace('</svg>', `${redMarks(placed)}</svg>`);
  return sharp(Buffer.from(svg)).extract({ left: 0, top: 0, width: 1240, height }).resize({ width: 900 }).png().toBuffer();
}

/** A scanned page: greyscale, a little noise, JPEG, inside a PDF with no text layer. */
export async function toScannedPdf(doc: Doc, seed: number, pages = 1): Promise<Buffer> {
  const images: Buffer[] = [];
  for (let i = 0; i < pages; i++) images.push(await sharp(await photograph(await pageImage(doc, i), { noise: 0.08, seed, width: 1050 })).greyscale().jpeg({ quality: 78 }).toBuffer());
  return makePdf(images.map(() => []), { images });
}

export async function toPhoto(doc: Doc, page: number, photo: Photo): Promise<Buffer> {
  return photograph(await pageImage(doc, page), { jpegQuality: 78, width: 1000, ...photo });
}

/**
 * `bannerInTextBox`: the 发文机关标志 and 发文字号 in a text box, as red-header
 * templates in WPS lay them out. `marksInPageHeader`: the top-left marks in
 * the 页眉, as some units' 简报 templates print them on every page.
 */
export function toDocx(doc: Doc, bannerInTextBox = false, marksInPageHeader = false): Buffer {
  const boxed = (l: Doc['lines'][number]) => bannerInTextBox && (l.role === 'banner' || l.role === 'number');
  const inHeader = (l: Doc['lines'][number]) => marksInPageHeader && l.role === 'mark';
  const textBox = doc.lines.filter(boxed).map((l) => l.text);
  const header = doc.lines.filter(inHeader).map((l) => l.text);
  const body = doc.lines.filter((l) => !boxed(l) && !inHeader(l)).map((l) => l.text);
  return makeDocx({ body, title: doc.title, ...(textBox.length ? { textBox } : {}), ...(header.length ? { header } : {}) });
}

export function toOfd(doc: Doc): Buffer {
  const mm = 25.4 / 72;
  const pages = layout(doc).map((page) => page.map((p) => ({ text: p.text, x: +(p.x * mm).toFixed(2), y: +((p.y + p.size) * mm).toFixed(2), size: +(p.size * mm).toFixed(2) })));
  return makeOfdPages(pages, doc.title);
}

export const toText = (doc: Doc) => Buffer.from(docText(doc) + '\n');

export const toGbk = (html: string) => iconv.encode(html, 'gbk');
