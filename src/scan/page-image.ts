import sharp from 'sharp';
import type { Box, Page } from '../extract/document.js';
import { renderPdfPage } from '../extract/pdf.js';
import type { FindingSummary } from '../store/store.js';

/** Widest picture the item page shows (a phone photo is 4000 px). */
const shownWidth = 1400;

/** Formats whose pages the console can draw: images (their own pixels) and PDFs (rendered). */
export const drawable = (mediaType: string) => mediaType.startsWith('image/') || mediaType === 'application/pdf';

/**
 * The part of its line's box a finding's characters take, when it names
 * them (OCR gives a box per line): Chinese characters are of one width, so
 * the share of the characters is the share of the width, near enough to box
 * the mark rather than the whole line (half a character more either side,
 * for what OCR read as narrower or wider than it is).
 */
function markBox(f: FindingSummary, page: Page): Box | undefined {
  const l = f.location as { line?: number; start?: number; end?: number; box?: Box };
  const text = l.line === undefined ? undefined : page.lines[l.line - 1]?.text;
  if (!text || !l.box || l.start === undefined || l.end === undefined || l.end <= l.start) return undefined;
  const per = l.box.w / text.length;
  return { x: l.box.x + per * (l.start - 0.5), y: l.box.y, w: per * (l.end - l.start + 1), h: l.box.h };
}

/** A PDF page's rendering resolution: 150 dpi, or less for a page too wide to show at it. */
const pdfDpi = (page: Page) => Math.min(150, (shownWidth * 72) / (page.width ?? 595));

/** How wide the drawn page is, in pixels (for the page's layout before the picture arrives). */
export function shownPageWidth(mediaType: string, page: Page): number {
  const width = mediaType === 'application/pdf' ? ((page.width ?? 595) * pdfDpi(page)) / 72 : (page.width ?? shownWidth);
  return Math.round(Math.min(shownWidth, width));
}

/** The page as pixels: an image's page after EXIF orientation, or a PDF page rendered at most `shownWidth` wide. */
async function pixels(bytes: Buffer, mediaType: string, pageIndex: number, page: Page, maxPixels: number): Promise<Buffer> {
  // A page shown at most 1400 wide needs no more than a few million pixels, however tall it claims to be.
  if (mediaType === 'application/pdf') return renderPdfPage(bytes, page.number, pdfDpi(page), Math.min(maxPixels, 8_000_000));
  return sharp(bytes, { page: pageIndex, limitInputPixels: maxPixels, failOn: 'none' }).rotate().toBuffer();
}

/**
 * A page of an uploaded image or PDF, redrawn as a fresh PNG (never the
 * uploaded bytes: those are hostile, and the browser would parse them), with
 * boxes around each line read (thin, blue) and around what the findings
 * point at (thick, red). Boxes are in the page's own units (image pixels
 * after EXIF orientation, PDF points), as the extractor measured them.
 */
export async function pageImage(bytes: Buffer, mediaType: string, pageIndex: number, page: Page, findings: FindingSummary[], maxPixels: number): Promise<Buffer> {
  const { data, info } = await sharp(await pixels(bytes, mediaType, pageIndex, page, maxPixels), { limitInputPixels: maxPixels })
    .resize({ width: shownWidth, withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer({ resolveWithObject: true });
  const w = page.width ?? info.width;
  const h = page.height ?? info.height;
  const stroke = Math.max(2, Math.round(w / 400));
  const rect = (b: Box, style: string) => `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" ${style}/>`;
  const lines = page.lines.flatMap((l) => (l.box ? [rect(l.box, `fill="none" stroke="#1e66c5" stroke-opacity="0.55" stroke-width="${stroke / 2}"`)] : []));
  const marks = findings.flatMap((f) => {
    const l = f.location as { page?: number; box?: Box };
    if (!l.box || (l.page ?? 1) !== page.number) return [];
    const b = markBox(f, page) ?? l.box;
    return [rect({ x: b.x - stroke, y: b.y - stroke, w: b.w + 2 * stroke, h: b.h + 2 * stroke }, `fill="#ff0000" fill-opacity="0.12" stroke="#d00000" stroke-width="${stroke}"`)];
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${info.width}" height="${info.height}" viewBox="0 0 ${w} ${h}" preserveAspectRatio="none">${lines.join('')}${marks.join('')}</svg>`;
  return sharp(data).composite([{ input: Buffer.from(svg) }]).png().toBuffer();
}
