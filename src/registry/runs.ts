import type { Fingerprints } from '../detect/fingerprint/winnow.js';
import type { Baseline, StockText } from './baseline.js';
import type { FingerprintIndex } from './fingerprint-index.js';
import type { DocumentGrams } from './grams.js';

/** k-grams that never count towards a match. */
export interface Discounts {
  /** Public phrasing (the baseline files): in every document. */
  baseline: Baseline;
  /** Phrasing learned from the portal's allowed traffic, as far as this document's cap allows. */
  learnedIn(doc: number): ReadonlySet<number> | undefined;
}

/**
 * The scanned text's k-gram hashes and which of them count: not public
 * phrasing, and not common to too many registered documents (set once every
 * document's runs are known).
 */
export class QueryGrams {
  private readonly stock: StockText;
  common: Uint8Array | undefined;

  constructor(
    readonly all: Uint32Array,
    private readonly text: string,
    private readonly baseline: Baseline,
  ) {
    this.stock = baseline.in(text);
  }

  /** Whether k-gram `i` is one of the public phrases' (never worth looking up). */
  isBaseline(i: number): boolean {
    return this.baseline.gramAt(this.text, i);
  }

  counts(i: number): boolean {
    return !this.common?.[i] && this.stock.counts(i);
  }

  /** Characters in [from, to) outside stock phrasing: what a passage's length counts. */
  ownChars(from: number, to: number): number {
    let n = 0;
    for (let c = from; c < to; c++) if (!this.stock.stock(c)) n++;
    return n;
  }
}

/** One registered document as matching sees it: its k-gram hashes and what is discounted in it. */
export class DocumentView {
  constructor(
    readonly doc: number,
    readonly grams: Uint32Array,
    private readonly learned: ReadonlySet<number> | undefined,
  ) {}

  /** Whether query k-gram `i` is document k-gram `i − diagonal`, and counts. */
  same(query: QueryGrams, i: number, diagonal: number): boolean {
    const p = i - diagonal;
    if (i < 0 || i >= query.all.length || p < 0 || p >= this.grams.length) return false;
    const hash = query.all[i]!;
    return hash === this.grams[p] && query.counts(i) && !this.learned?.has(hash);
  }
}

/** k-grams both texts share in a row: query positions [q, q + length), document positions from q − diagonal. */
export interface Run {
  q: number;
  diagonal: number;
  length: number;
}

/**
 * Every maximal run of at least w shared, counting k-grams (w + k − 1
 * characters), per document. Winnowing only points at candidates: any such
 * run holds a window of w k-grams that both texts pick the same minimum of,
 * whatever the key, and from each pick the run is extended over the
 * document's every k-gram hash. Which runs are found is therefore a property
 * of the texts; shorter runs, which a key may or may not pick, never count.
 */
export function findRuns(query: QueryGrams, picks: Fingerprints, index: FingerprintIndex, grams: DocumentGrams, discounts: Discounts, w: number): Map<DocumentView, Run[]> {
  const views = new Map<number, { view: DocumentView; runs: Run[]; reach: Map<number, number> }>();
  for (let j = 0; j < picks.hashes.length; j++) {
    const q = picks.positions[j]!;
    if (query.isBaseline(q)) continue;
    index.lookup(picks.hashes[j]!, (doc, p) => {
      let d = views.get(doc);
      if (!d) {
        const g = grams.get(doc);
        if (!g) return;
        d = { view: new DocumentView(doc, g, discounts.learnedIn(doc)), runs: [], reach: new Map() };
        views.set(doc, d);
      }
      const diagonal = q - p;
      // Picks arrive in text order: one already inside a run on this diagonal adds nothing.
      if ((d.reach.get(diagonal) ?? -1) >= q || !d.view.same(query, q, diagonal)) return;
      let start = q;
      while (d.view.same(query, start - 1, diagonal)) start--;
      let end = q;
      while (d.view.same(query, end + 1, diagonal)) end++;
      d.reach.set(diagonal, end);
      if (end - start + 1 >= w) d.runs.push({ q: start, diagonal, length: end - start + 1 });
    });
  }
  const out = new Map<DocumentView, Run[]>();
  for (const { view, runs } of views.values()) if (runs.length) out.set(view, runs);
  return out;
}

/**
 * Marks the query positions more than `maxDocs` registered documents share a
 * run over (a header or a formula every issuer uses) and splits the runs
 * there. Counted over the runs, which do not depend on the key, so neither
 * does this.
 */
export function dropCommon(query: QueryGrams, runs: Map<DocumentView, Run[]>, maxDocs: number, w: number): void {
  if (runs.size <= maxDocs) return;
  const docsAt = new Int32Array(query.all.length + 1);
  for (const list of runs.values()) {
    // A document counts once per position, however many of its runs cover it.
    let covered = -1;
    for (const r of [...list].sort((a, b) => a.q - b.q)) {
      const from = Math.max(r.q, covered + 1);
      const to = r.q + r.length;
      if (from >= to) continue;
      docsAt[from]!++;
      docsAt[to]!--;
      covered = to - 1;
    }
  }
  const common = new Uint8Array(query.all.length);
  let any = false;
  for (let i = 0, n = 0; i < query.all.length; i++) {
    n += docsAt[i]!;
    if (n > maxDocs) {
      common[i] = 1;
      any = true;
    }
  }
  if (!any) return;
  query.common = common;
  for (const [view, list] of runs) {
    const pieces: Run[] = [];
    for (const r of list) {
      let start = r.q;
      for (let i = r.q; i <= r.q + r.length; i++) {
        if (i < r.q + r.length && !common[i]) continue;
        if (i - start >= w) pieces.push({ q: start, diagonal: r.diagonal, length: i - start });
        start = i + 1;
      }
    }
    if (pieces.length) runs.set(view, pieces);
    else runs.delete(view);
  }
}
