import type { TextRegion } from './text-regions.js';

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** PP-OCR recognition reads lines 48 pixels high. */
export const lineHeight = 48;

/** How wide a region becomes at the recogniser's line height; tall regions (vertical text) are turned. */
export function cropWidth(region: TextRegion): number {
  const along = region.height >= 1.5 * region.width ? region.height : region.width;
  const across = along === region.width ? region.height : region.width;
  return Math.max(1, Math.ceil((lineHeight * along) / across));
}

/**
 * Samples one oriented region straight (bilinear) into a recogniser input:
 * 3 identical channels of (v / 255 − 0.5) / 0.5, `width` wide and `stride`
 * apart; the rest of the row stays 0 (PaddleOCR's padding).
 */
export function writeLine(image: GreyImage, region: TextRegion, out: Float32Array, offset: number, width: number, stride: number): void {
  const vertical = region.height >= 1.5 * region.width;
  // Unit vectors along the reading direction and down across the line.
  let ux = Math.cos(region.angle);
  let uy = Math.sin(region.angle);
  let vx = -uy;
  let vy = ux;
  let along = region.width;
  let across = region.height;
  if (vertical) {
    // Read top to bottom: turn the region a quarter so the column becomes a row.
    [ux, uy, vx, vy] = [vx, vy, -ux, -uy];
    [along, across] = [across, along];
  }
  const plane = lineHeight * stride;
  const sx = along / width;
  const sy = across / lineHeight;
  const x0 = region.cx - (ux * along) / 2 - (vx * across) / 2;
  const y0 = region.cy - (uy * along) / 2 - (vy * across) / 2;
  const { data, width: w, height: h } = image;
  for (let row = 0; row < lineHeight; row++) {
    const v = (row + 0.5) * sy;
    for (let col = 0; col < width; col++) {
      const u = (col + 0.5) * sx;
      const x = Math.min(w - 1, Math.max(0, x0 + ux * u + vx * v - 0.5));
      const y = Math.min(h - 1, Math.max(0, y0 + uy * u + vy * v - 0.5));
      const xi = Math.floor(x);
      const yi = Math.floor(y);
      const fx = x - xi;
      const fy = y - yi;
      const x1 = Math.min(w - 1, xi + 1);
      const y1 = Math.min(h - 1, yi + 1);
      const top = data[yi * w + xi]! * (1 - fx) + data[yi * w + x1]! * fx;
      const bottom = data[y1 * w + xi]! * (1 - fx) + data[y1 * w + x1]! * fx;
      const value = (top * (1 - fy) + bottom * fy) / 127.5 - 1;
      const at = offset + row * stride + col;
      out[at] = value;
      out[at + plane] = value;
      out[at + 2 * plane] = value;
    }
  }
}
