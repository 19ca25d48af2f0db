import type { Box, TextLine } from './document.js';

/** A run of text at a position, in page units with y measured UP from the bottom (PDF convention). */
export interface Item {
  str: string;
  /** Start of the baseline. */
  x: number;
  y: number;
  /** Advance along the text's direction, and glyph height across it. */
  w: number;
  h: number;
  /** Direction the text runs in, radians counterclockwise from +x: 0 for ordinary text, ±π/2 for text turned on its side. */
  angle?: number;
}

/** An item seen in its own direction's frame: `u` along the baseline, `v` across it (baseline height). */
interface Placed {
  item: Item;
  u: number;
  v: number;
}

/** A rebuilt line, with the position it is read in: rows top to bottom, then turned and stacked lines by their top. */
interface Built {
  line: TextLine;
  order: number;
}

/** Baselines closer than this share of the glyph height are one line: a raised ★ (2–4 pt on 12–16 pt text) stays in it, the next line (a full glyph height away or more) does not. */
const baselineTolerance = 0.5;
/** A gap wider than this share of the glyph height is a space (tables, 发往：… 签批： on one line). */
const spaceGap = 0.5;
/** Stacked characters (竖排): one under the next, baselines at most this many glyph heights apart, centres within half a glyph across. */
const stackStep = 1.6;

/**
 * Rebuilds lines from positioned text items: items running the same way are
 * grouped by baseline in their own direction (so text turned 90° reads along
 * its column), and single characters stacked at the same x read top to bottom
 * as one line. Boxes are page boxes from the top (y down).
 */
export function itemsToLines(items: Item[], pageHeight: number, headerLines: number): TextLine[] {
  const built: Built[] = [];
  for (const [degrees, group] of byDirection(items.filter((i) => i.str.trim()))) {
    const theta = (degrees * Math.PI) / 180;
    const rows = groupRows(group.map((item) => place(item, theta)));
    const stacks = degrees === 0 ? stackedColumns(group, crowdedItems(rows)) : [];
    const stacked = new Set(stacks.flat());
    for (const row of rows) {
      // A stacked character alone on its row is read in its column only; one that shares a row stays in it too (nothing is read out of a line).
      if (row.length === 1 && stacked.has(row[0]!.item)) continue;
      const line = rowLine(row, theta, pageHeight);
      built.push({ line, order: degrees === 0 ? pageHeight - row[0]!.v : line.box!.y });
    }
    for (const stack of stacks) built.push(stackLine(stack, pageHeight));
  }
  built.sort((a, b) => a.order - b.order);
  return built.map(({ line }, index) => ({ ...line, zone: index < headerLines ? 'header' : 'body' }));
}

/** Items grouped by direction, in whole degrees (0 first): floating-point noise in a 90° turn is still 90°. */
function byDirection(items: Item[]): Map<number, Item[]> {
  const groups = new Map<number, Item[]>([[0, []]]);
  for (const item of items) {
    const degrees = (Math.round(((item.angle ?? 0) * 180) / Math.PI) + 360) % 360;
    const group = groups.get(degrees) ?? [];
    group.push(item);
    groups.set(degrees, group);
  }
  return groups;
}

function place(item: Item, theta: number): Placed {
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  return { item, u: item.x * cos + item.y * sin, v: -item.x * sin + item.y * cos };
}

/**
 * Items on one baseline, within a tolerance proportional to the glyph height
 * of the mean baseline of the row so far: raised or lowered characters (each
 * a few points off) stay in their line, and the mean (not the first item)
 * keeps a line whose characters rise and fall together.
 */
function groupRows(placed: Placed[]): Placed[][] {
  const sorted = [...placed].sort((a, b) => b.v - a.v || a.u - b.u);
  const rows: Array<{ items: Placed[]; sum: number; h: number }> = [];
  for (const p of sorted) {
    const row = rows.at(-1);
    const h = Math.max(row?.h ?? 0, p.item.h, 1);
    if (row && Math.abs(row.sum / row.items.length - p.v) < h * baselineTolerance) {
      row.items.push(p);
      row.sum += p.v;
      row.h = h;
    } else rows.push({ items: [p], sum: p.v, h: p.item.h });
  }
  return rows.map((r) => r.items.sort((a, b) => a.u - b.u));
}

function rowLine(row: Placed[], theta: number, pageHeight: number): TextLine {
  let text = '';
  let end = -Infinity;
  for (const { item, u } of row) {
    if (text && u - end > item.h * spaceGap) text += ' ';
    text += item.str;
    end = Math.max(end, u + item.w);
  }
  return { text, origin: 'visible', zone: 'body', box: pageBox(row.map((p) => p.item), pageHeight, theta) };
}

/** The box (from the top) around items of one direction: each spans its advance along the baseline and its height across it. */
function pageBox(items: Item[], pageHeight: number, theta: number): Box {
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  let [left, right, bottom, top] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const it of items) {
    for (const [du, dv] of [[0, 0], [it.w, 0], [0, it.h], [it.w, it.h]] as const) {
      const x = it.x + du * cos - dv * sin;
      const y = it.y + du * sin + dv * cos;
      [left, right, bottom, top] = [Math.min(left, x), Math.max(right, x), Math.min(bottom, y), Math.max(top, y)];
    }
  }
  return { x: left, y: pageHeight - top, w: right - left, h: top - bottom };
}

/**
 * Single upright characters stacked into columns: each next one below the
 * last (within `stackStep` glyph heights) with its centre within half a glyph
 * across. Two or more make a column. Characters with a close neighbour on
 * their own line are text running across (a grid of one-character items),
 * not a stack.
 */
function stackedColumns(items: Item[], crowded: ReadonlySet<Item> = new Set()): Item[][] {
  const singles = items.filter((i) => [...i.str.trim()].length === 1 && !crowded.has(i)).sort((a, b) => b.y - a.y || a.x - b.x);
  const used = new Set<number>();
  const columns: Item[][] = [];
  for (let start = 0; start < singles.length; start++) {
    if (used.has(start)) continue;
    const column = [start];
    for (let last = start, next = nextInColumn(singles, last, used); next >= 0; last = next, next = nextInColumn(singles, last, used)) column.push(next);
    if (column.length < 2) continue;
    for (const i of column) used.add(i);
    columns.push(column.map((i) => singles[i]!));
  }
  return columns;
}

/** The index of the character right under `singles[last]` in its column, or -1 (singles run top down: the search stops a step too far below). */
function nextInColumn(singles: Item[], last: number, used: ReadonlySet<number>): number {
  const top = singles[last]!;
  for (let j = last + 1; j < singles.length; j++) {
    const c = singles[j]!;
    const h = Math.max(top.h, c.h, 1);
    const step = top.y - c.y;
    if (step > h * stackStep) return -1;
    if (!used.has(j) && step > h * baselineTolerance && Math.abs(top.x + top.w / 2 - (c.x + c.w / 2)) <= h * 0.5) return j;
  }
  return -1;
}

/** Items with another item on their line less than half a glyph away. */
function crowdedItems(rows: Placed[][]): Set<Item> {
  const crowded = new Set<Item>();
  for (const row of rows) {
    for (let k = 1; k < row.length; k++) {
      const [a, b] = [row[k - 1]!, row[k]!];
      if (b.u - (a.u + a.item.w) < Math.max(a.item.h, b.item.h) * spaceGap) crowded.add(a.item).add(b.item);
    }
  }
  return crowded;
}

function stackLine(stack: Item[], pageHeight: number): Built {
  const box = pageBox(stack, pageHeight, 0);
  return { line: { text: stack.map((i) => i.str.trim()).join(''), origin: 'visible', zone: 'body', box }, order: box.y };
}
