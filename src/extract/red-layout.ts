import sharp from 'sharp';
import type { Box } from './document.js';

/** Red layout evidence of an official document (GB/T 9704: red issuer banner, red rule, red seal). */
export interface RedSignal {
  kind: 'red-banner' | 'red-rule' | 'red-seal';
  /** In the page image's pixels. */
  box: Box;
}

/** Analysis width: colour statistics need no detail, and this keeps it at a few ms a page. */
const width = 320;

const isRed = (r: number, g: number, b: number) => r > 140 && r - g > 60 && r - b > 60;

/**
 * Finds red regions by colour statistics: a red row spanning most of the width
 * is a red rule; red text in the top band is a banner; a compact, roughly square
 * red cluster below it is a seal. Cheap and conservative: it is medium evidence.
 */
export async function redSignals(image: Buffer, sourceWidth: number, page = 0): Promise<RedSignal[]> {
  const { data, info } = await sharp(image, { page, failOn: 'truncated' }).rotate().removeAlpha().resize({ width }).raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h, channels } = info;
  const scale = sourceWidth / w;
  const red = new Uint8Array(w * h);
  const rowCount = new Uint32Array(h);
  // Rows are counted for the banner; columns per band for the rule.
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * channels;
      if (isRed(data[i]!, data[i + 1]!, data[i + 2]!)) {
        red[y * w + x] = 1;
        rowCount[y]!++;
      }
    }
  }
  const signals: RedSignal[] = [];
  const px = (b: Box): Box => ({ x: b.x * scale, y: b.y * scale, w: b.w * scale, h: b.h * scale });
  const bbox = (y0: number, y1: number): Box | undefined => {
    let minX = w;
    let maxX = -1;
    let minY = h;
    let maxY = -1;
    for (let y = y0; y < y1; y++) for (let x = 0; x < w; x++) if (red[y * w + x]) [minX, maxX, minY, maxY] = [Math.min(minX, x), Math.max(maxX, x), Math.min(minY, y), Math.max(maxY, y)];
    return maxX < 0 ? undefined : { x: minX, y: minY, w: maxX - minX + 1, h: maxY - minY + 1 };
  };
  // A rule: red across most of the width within a thin band of rows (a band, not a row: photos are tilted).
  const band = Math.max(3, Math.round(h * 0.015));
  const ruleRows: number[] = [];
  for (let y = 0; y + band <= h; y++) {
    let covered = 0;
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < band; k++) {
        if (red[(y + k) * w + x]) {
          covered++;
          break;
        }
      }
    }
    if (covered > w * 0.6) ruleRows.push(y, y + band - 1);
  }
  ruleRows.sort((a, b) => a - b);
  if (ruleRows.length) signals.push({ kind: 'red-rule', box: px({ x: 0, y: ruleRows[0]!, w, h: ruleRows.at(-1)! - ruleRows[0]! + 1 }) });
  // The banner sits above the rule (or in the top 35% when there is none).
  const bannerEnd = ruleRows.length ? ruleRows[0]! : Math.round(h * 0.35);
  let bannerPixels = 0;
  for (let y = 0; y < bannerEnd; y++) bannerPixels += rowCount[y]!;
  const banner = bbox(0, bannerEnd);
  if (banner && bannerPixels > w * bannerEnd * 0.004 && banner.w > w * 0.3) signals.push({ kind: 'red-banner', box: px(banner) });
  // A seal: a compact red cluster below the header, roughly as wide as tall.
  const below = (ruleRows.at(-1) ?? bannerEnd) + 2;
  const seal = bbox(below, h);
  if (seal) {
    let inside = 0;
    for (let y = seal.y; y < seal.y + seal.h; y++) for (let x = seal.x; x < seal.x + seal.w; x++) inside += red[y * w + x]!;
    const ratio = seal.w / seal.h;
    if (seal.w > w * 0.08 && ratio > 0.7 && ratio < 1.4 && inside / (seal.w * seal.h) > 0.05) signals.push({ kind: 'red-seal', box: px(seal) });
  }
  return signals;
}
