/**
 * Text regions from a DB (differentiable binarisation) probability map, as
 * PaddleOCR's DBPostProcess does it, without OpenCV: threshold, connected
 * components, an oriented rectangle per component from its second moments
 * (pages are photographed a few degrees askew), a score, then the "unclip"
 * that grows the shrunk text kernel back to the full line.
 */
export interface TextRegion {
  /** Centre, in map pixels. */
  cx: number;
  cy: number;
  /** Along the line and across it, in map pixels. */
  width: number;
  height: number;
  /** Radians; the direction of the line. */
  angle: number;
  score: number;
}

export interface RegionOptions {
  /** A pixel is text above this probability (PaddleOCR det_db_thresh). */
  threshold: number;
  /** A region is kept when its mean probability is above this (det_db_box_thresh). */
  boxThreshold: number;
  /** How far the kernel is grown back (det_db_unclip_ratio). */
  unclipRatio: number;
  /** Regions thinner than this (map pixels) are noise. */
  minSize: number;
  maxRegions: number;
}

export const defaultRegionOptions: RegionOptions = { threshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5, minSize: 3, maxRegions: 1000 };

export function textRegions(prob: Float32Array, width: number, height: number, options: RegionOptions = defaultRegionOptions): TextRegion[] {
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const members = new Int32Array(width * height);
  const regions: TextRegion[] = [];
  for (let start = 0; start < prob.length && regions.length < options.maxRegions; start++) {
    if (seen[start] || prob[start]! <= options.threshold) continue;
    // Flood fill (8-connected) collecting the component's pixels.
    let top = 0;
    let count = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top) {
      const p = stack[--top]!;
      members[count++] = p;
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (!seen[q] && prob[q]! > options.threshold) {
            seen[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    const region = orientedBox(prob, members, count, width, options);
    if (region) regions.push(region);
  }
  return regions;
}

function orientedBox(prob: Float32Array, members: Int32Array, count: number, width: number, options: RegionOptions): TextRegion | undefined {
  if (count < options.minSize * options.minSize) return undefined;
  let sx = 0;
  let sy = 0;
  let score = 0;
  for (let i = 0; i < count; i++) {
    const p = members[i]!;
    sx += p % width;
    sy += Math.floor(p / width);
    score += prob[p]!;
  }
  score /= count;
  if (score < options.boxThreshold) return undefined;
  const mx = sx / count;
  const my = sy / count;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let i = 0; i < count; i++) {
    const p = members[i]!;
    const dx = (p % width) - mx;
    const dy = Math.floor(p / width) - my;
    xx += dx * dx;
    yy += dy * dy;
    xy += dx * dy;
  }
  let angle = 0.5 * Math.atan2(2 * xy, xx - yy);
  // Text lines run across the page: keep the angle within ±45° so short, square
  // regions (one character) are not read sideways.
  if (angle > Math.PI / 4) angle -= Math.PI / 2;
  if (angle < -Math.PI / 4) angle += Math.PI / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let uMin = Infinity;
  let uMax = -Infinity;
  let vMin = Infinity;
  let vMax = -Infinity;
  for (let i = 0; i < count; i++) {
    const p = members[i]!;
    const dx = (p % width) - mx;
    const dy = Math.floor(p / width) - my;
    const u = dx * cos + dy * sin;
    const v = -dx * sin + dy * cos;
    if (u < uMin) uMin = u;
    if (u > uMax) uMax = u;
    if (v < vMin) vMin = v;
    if (v > vMax) vMax = v;
  }
  let w = uMax - uMin + 1;
  let h = vMax - vMin + 1;
  if (Math.min(w, h) < options.minSize) return undefined;
  // Unclip: grow by area × ratio / perimeter on every side (a rectangle's Clipper offset).
  const grow = (w * h * options.unclipRatio) / (2 * (w + h));
  w += 2 * grow;
  h += 2 * grow;
  if (Math.min(w, h) < options.minSize + 2) return undefined;
  const cu = (uMin + uMax) / 2;
  const cv = (vMin + vMax) / 2;
  return { cx: mx + cu * cos - cv * sin, cy: my + cu * sin + cv * cos, width: w, height: h, angle, score };
}
