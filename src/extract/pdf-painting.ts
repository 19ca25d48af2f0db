import type { Box } from './document.js';

/** A PDF transformation matrix [a b c d e f]: (x, y) → (a·x + c·y + e, b·x + d·y + f). */
export type Matrix = readonly number[];

/** `outer` after `inner`: what the canvas does for `transform(inner)` under `outer`. */
export function multiply(outer: Matrix, inner: Matrix): number[] {
  const [a, b, c, d, e, f] = outer as [number, number, number, number, number, number];
  const [p, q, r, s, t, u] = inner as [number, number, number, number, number, number];
  return [a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f];
}

/** The axis-aligned box of the rectangle [x0, x1] × [y0, y1] after `m`. */
function boxOf(m: Matrix, x0: number, y0: number, x1: number, y1: number): Box {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[x0, y0], [x1, y0], [x0, y1], [x1, y1]] as const) {
    xs.push(m[0]! * x + m[2]! * y + m[4]!);
    ys.push(m[1]! * x + m[3]! * y + m[5]!);
  }
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { x: left, y: top, w: Math.max(...xs) - left, h: Math.max(...ys) - top };
}

/** What a page paints besides text, as boxes in the coordinates of the starting matrix. */
export interface Painting {
  images: Box[];
  /** Filled paths: rules, logos, table shading, and text drawn as glyph outlines. */
  fills: Box[];
}

/** The operator numbers this walk needs (pdfjs's `OPS`). */
export type Ops = Record<
  | 'save'
  | 'restore'
  | 'transform'
  | 'paintFormXObjectBegin'
  | 'paintFormXObjectEnd'
  | 'beginAnnotation'
  | 'endAnnotation'
  | 'beginGroup'
  | 'endGroup'
  | 'paintImageXObject'
  | 'paintInlineImageXObject'
  | 'paintImageMaskXObject'
  | 'paintImageXObjectRepeat'
  | 'paintImageMaskXObjectRepeat'
  | 'paintImageMaskXObjectGroup'
  | 'paintInlineImageXObjectGroup'
  | 'constructPath'
  | 'fill'
  | 'eoFill'
  | 'fillStroke'
  | 'eoFillStroke'
  | 'closeFillStroke'
  | 'closeEOFillStroke',
  number
>;

const unit = (m: Matrix) => boxOf(m, 0, 0, 1, 1);

/** Where each placement of a repeated or grouped image lands: every one maps the unit square. */
function placements(fn: number, args: unknown[], ops: Ops): Matrix[] {
  if (fn === ops.paintImageXObjectRepeat || fn === ops.paintImageMaskXObjectRepeat) {
    const [sx, kx, ky, sy, positions] = fn === ops.paintImageXObjectRepeat ? [args[1], 0, 0, args[2], args[3]] : [args[1], args[2] ?? 0, args[3] ?? 0, args[4], args[5]];
    const at = (positions ?? []) as number[];
    const out: Matrix[] = [];
    for (let i = 0; i + 1 < at.length; i += 2) out.push([sx as number, kx as number, ky as number, sy as number, at[i]!, at[i + 1]!]);
    return out;
  }
  const entries = (fn === ops.paintImageMaskXObjectGroup ? args[0] : args[1]) as Array<{ transform?: Matrix }> | undefined;
  return (entries ?? []).flatMap((e) => (e.transform ? [e.transform] : []));
}

/**
 * Walks a page's operator list keeping the current transformation matrix
 * (save/restore, cm, form XObjects, annotation appearances, groups), and
 * boxes every image painted and every path filled. `start` maps user space
 * to the wanted coordinates (the page viewport's transform: points from the
 * top left).
 */
export function paintedBoxes(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, ops: Ops, start: Matrix): Painting {
  const painting: Painting = { images: [], fills: [] };
  const simpleImages = new Set([ops.paintImageXObject, ops.paintInlineImageXObject, ops.paintImageMaskXObject]);
  const placedImages = new Set([ops.paintImageXObjectRepeat, ops.paintImageMaskXObjectRepeat, ops.paintImageMaskXObjectGroup, ops.paintInlineImageXObjectGroup]);
  const fills = new Set([ops.fill, ops.eoFill, ops.fillStroke, ops.eoFillStroke, ops.closeFillStroke, ops.closeEOFillStroke]);
  const stack: Matrix[] = [];
  let ctm: Matrix = start;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = (argsArray[i] ?? []) as unknown[];
    if (fn === ops.save) stack.push(ctm);
    else if (fn === ops.restore || fn === ops.paintFormXObjectEnd || fn === ops.endAnnotation || fn === ops.endGroup) ctm = stack.pop() ?? start;
    else if (fn === ops.transform) ctm = multiply(ctm, args as number[]);
    else if (fn === ops.paintFormXObjectBegin) {
      stack.push(ctm);
      if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0])) ctm = multiply(ctm, args[0] as Matrix);
    } else if (fn === ops.beginGroup) {
      stack.push(ctm);
      const matrix = (args[0] as { matrix?: Matrix } | undefined)?.matrix;
      if (matrix) ctm = multiply(ctm, matrix);
    } else if (fn === ops.beginAnnotation) {
      // An appearance is placed from the page's own space, whatever came before it.
      stack.push(ctm);
      ctm = multiply(multiply(start, args[2] as Matrix), args[3] as Matrix);
    } else if (simpleImages.has(fn)) painting.images.push(unit(ctm));
    else if (placedImages.has(fn)) for (const m of placements(fn, args, ops)) painting.images.push(unit(multiply(ctm, m)));
    else if (fn === ops.constructPath && fills.has(args[0] as number)) {
      // minMax: the path's bounds in user space, [minX, minY, maxX, maxY] (null for an empty path).
      const mm = args[2] as ArrayLike<number> | null | undefined;
      if (mm && mm.length >= 4 && Number.isFinite(mm[0]!)) painting.fills.push(boxOf(ctm, mm[0]!, mm[1]!, mm[2]!, mm[3]!));
    }
  }
  return painting;
}
