import sharp from 'sharp';
import type { Page } from '../extract/document.js';
import type { FindingSummary } from '../store/store.js';

/** Widest picture the item page shows (a phone photo is 4000 px). */
const shownWidth = 1400;

/**
 * A page of an uploaded image, redrawn as a fresh PNG (never the uploaded
 * bytes: those are hostile, and the browser would parse them), with boxes
 * around what OCR read (thin, blue) and around what the findings point at
 * (thick, red). Boxes are in the page's pixels, after EXIF orientation, as
 * the extractor measured them.
 */
export async function pageImage(bytes: Buffer, pageIndex: number, page: Page, findings: FindingSummary[], maxPixels: number): Promise<Buffer> {
  const { data, info } = await sharp(bytes, { page: pageIndex, limitInputPixels: maxPixels, failOn: 'none' })
    .rotate()
    .resize({ width: shownWidth, withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer({ resolveWithObject: true });
  const w = page.width ?? info.width;
  const h = page.height ?? info.height;
  const stroke = Math.max(2, Math.round(w / 400));
  const rect = (b: { x: number; y: number; w: number; h: number }, style: string) => `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" ${style}/>`;
  const lines = page.lines.flatMap((l) => (l.box ? [rect(l.box, `fill="none" stroke="#1e66c5" stroke-opacity="0.55" stroke-width="${stroke / 2}"`)] : []));
  const marks = findings.flatMap((f) => {
    const l = f.location as { page?: number; box?: { x: number; y: number; w: number; h: number } };
    return l.box && (l.page ?? 1) === page.number ? [rect({ x: l.box.x - stroke, y: l.box.y - stroke, w: l.box.w + 2 * stroke, h: l.box.h + 2 * stroke }, `fill="#ff0000" fill-opacity="0.12" stroke="#d00000" stroke-width="${stroke}"`)] : [];
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${info.width}" height="${info.height}" viewBox="0 0 ${w} ${h}" preserveAspectRatio="none">${lines.join('')}${marks.join('')}</svg>`;
  return sharp(data).composite([{ input: Buffer.from(svg) }]).png().toBuffer();
}
