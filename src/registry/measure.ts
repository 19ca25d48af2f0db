import type { DocumentView, QueryGrams, Run } from './runs.js';

/** Shared k-grams on one diagonal (the same offset between the texts), in query order. */
interface Group {
  diagonal: number;
  positions: number[];
}

export interface Measure {
  /** Characters in common in the longest passage: those its shared k-grams cover, stock phrasing left out. */
  chars: number;
  /** Document k-gram positions matched in passages of at least `minPassage` characters. */
  documentGrams: number;
  /** Those passages in the scanned text, as canonical offsets [start, end). */
  spans: Array<[number, number]>;
  /** Query k-gram positions matched, in passages of any length. */
  matched: number[];
}

/**
 * Measures what a text shares with one registered document, from its runs
 * alone (so, like them, whatever the key). On each run's diagonal the walk
 * goes on across up to `maxGap` k-grams that differ (a misread or changed
 * character breaks k of them) and takes every shared k-gram it meets; groups
 * on different diagonals (a character inserted or dropped) chain into one
 * passage when both texts' gaps are at most `maxGap`. A passage's length is
 * the characters its shared k-grams cover, less stock phrasing: what differs
 * is never counted, and neither is a formula between two shared words.
 * Coverage counts passages of `minPassage` characters or more: a phrase
 * here and there that a notice happens to share is not part of a copy.
 */
export function measure(query: QueryGrams, view: DocumentView, runs: Run[], maxGap: number, k: number, minPassage: number): Measure {
  const groups = groupsOf(query, view, runs, maxGap);
  const own = groups.map((g) => charsOf(query, g.positions, k));
  /** Whether group j can follow group i in one passage, and the characters both would count. */
  const follows = (i: number, j: number) => {
    const [a, b] = [groups[i]!, groups[j]!];
    const [last, first] = [a.positions.at(-1)!, b.positions[0]!];
    const gapQ = first - last - 1;
    const gapP = first - b.diagonal - (last - a.diagonal) - 1;
    return gapQ >= 0 && gapP >= 0 && gapQ <= maxGap && gapP <= maxGap ? query.ownChars(first, last + k) : -1;
  };
  // The longest passage ending at each group, and starting at it. A group can only follow one that ends at most
  // maxGap + 1 before it starts: candidates come from a binary search over last positions, never a scan of all groups
  // (a short piece repeated thousands of times makes thousands of groups).
  const firstOf = (g: number) => groups[g]!.positions[0]!;
  const lastOf = (g: number) => groups[g]!.positions.at(-1)!;
  const byFirst = groups.map((_, g) => g).sort((a, b) => firstOf(a) - firstOf(b));
  const byLast = groups.map((_, g) => g).sort((a, b) => lastOf(a) - lastOf(b));
  const lasts = byLast.map(lastOf);
  const firsts = byFirst.map(firstOf);
  const ending = [...own];
  const starting = [...own];
  for (const j of byFirst) {
    for (let n = lowerBound(lasts, firstOf(j) - maxGap - 1); n < lasts.length && lasts[n]! < firstOf(j); n++) {
      const i = byLast[n]!;
      const overlap = follows(i, j);
      if (overlap >= 0) ending[j] = Math.max(ending[j]!, ending[i]! + own[j]! - overlap);
    }
  }
  for (let m = byFirst.length - 1; m >= 0; m--) {
    const i = byFirst[m]!;
    for (let n = lowerBound(firsts, lastOf(i) + 1); n < firsts.length && firsts[n]! <= lastOf(i) + maxGap + 1; n++) {
      const j = byFirst[n]!;
      const overlap = follows(i, j);
      if (overlap >= 0) starting[i] = Math.max(starting[i]!, starting[j]! + own[i]! - overlap);
    }
  }
  const inPassage = groups.filter((_, g) => ending[g]! + starting[g]! - own[g]! >= minPassage);
  const inDocument = new Uint8Array(view.grams.length);
  for (const g of inPassage) for (const i of g.positions) inDocument[i - g.diagonal] = 1;
  return {
    chars: ending.reduce((m, c) => Math.max(m, c), 0),
    documentGrams: inDocument.reduce((n, b) => n + b, 0),
    spans: spansOf(inPassage, k),
    matched: groups.flatMap((g) => g.positions),
  };
}

/** From each run along its diagonal, both ways, taking shared k-grams until more than `maxGap` in a row differ. */
function groupsOf(query: QueryGrams, view: DocumentView, runs: Run[], maxGap: number): Group[] {
  const byDiagonal = new Map<number, Run[]>();
  for (const r of runs) {
    const list = byDiagonal.get(r.diagonal);
    if (list) list.push(r);
    else byDiagonal.set(r.diagonal, [r]);
  }
  const groups: Group[] = [];
  for (const [diagonal, list] of byDiagonal) {
    let walked = -1;
    let current: number[] = [];
    const take = (i: number) => {
      if (current.length && i - current.at(-1)! > maxGap + 1) {
        groups.push({ diagonal, positions: current });
        current = [];
      }
      current.push(i);
    };
    for (const r of list.sort((a, b) => a.q - b.q)) {
      // A run the walk from an earlier one already went through.
      if (r.q <= walked) continue;
      const before: number[] = [];
      for (let i = r.q - 1, miss = 0; i > walked && miss <= maxGap; i--) {
        if (view.same(query, i, diagonal)) (before.push(i), (miss = 0));
        else miss++;
      }
      for (let j = before.length - 1; j >= 0; j--) take(before[j]!);
      let i = r.q;
      for (let miss = 0; i < query.all.length && miss <= maxGap; i++) {
        if (view.same(query, i, diagonal)) (take(i), (miss = 0));
        else miss++;
      }
      walked = i - 1;
    }
    if (current.length) groups.push({ diagonal, positions: current });
  }
  return groups.sort((a, b) => a.positions[0]! - b.positions[0]!);
}

/** Characters outside stock phrasing covered by k-grams at these increasing positions. */
function charsOf(query: QueryGrams, positions: number[], k: number): number {
  let n = 0;
  for (let i = 0; i < positions.length; i++) n += query.ownChars(positions[i]!, Math.min(positions[i]! + k, positions[i + 1] ?? Infinity));
  return n;
}

/** The groups' character ranges in the scanned text, overlapping ones merged. */
function spansOf(groups: Group[], k: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const g of groups) {
    const [start, end] = [g.positions[0]!, g.positions.at(-1)! + k];
    const last = spans.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
  }
  return spans;
}

/** The first index whose value is at least `x` in an ascending array. */
function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
