import type { Winnower } from '../detect/fingerprint/winnow.js';
import type { FingerprintIndex } from './fingerprint-index.js';

export interface MatchParams {
  /** Largest gap inside one chain, in the scanned text's canonical characters (OCR errors, edits). */
  maxGapChars: number;
  /** Largest gap inside one chain, in the registered document's fingerprint ordinals. */
  maxGapOrdinals: number;
  /** A fingerprint found in more registered documents than this is boilerplate, not evidence. */
  maxDocFrequency: number;
}

/** One registered document the scanned text shares passages with. */
export interface RegistryMatch {
  doc: number;
  /** Estimated characters in common (canonical: letters and digits only). */
  matchedChars: number;
  /** Share of the registered document's fingerprints found, in order. */
  coverage: number;
  /** Matched passages in the scanned text, as canonical offsets [start, end). */
  spans: Array<[number, number]>;
}

/**
 * Finds the registered documents a canonical text shares passages with:
 * fingerprints looked up (boilerplate skipped: the public baseline and any
 * fingerprint in too many documents), then per document chains of hits in
 * the same order in both texts, tolerant of gaps. A chain's matched length is
 * the span it covers widened by w − 1 on each side: winnowing's first and last
 * picks sit at most that far inside the shared run, so an exact shared run is
 * never under-estimated (a 50-character copy reaches the block length; a
 * shorter one may be over-estimated by up to 2(w − 1), and blocked: it is
 * still a copy). Capped by the text's length and by what the chain's number
 * of fingerprints can support.
 */
export function findMatches(text: string, winnower: Winnower, index: FingerprintIndex, boilerplate: ReadonlySet<number>, fingerprintCount: (doc: number) => number, params: MatchParams): RegistryMatch[] {
  const { k, w } = winnower.params;
  const fps = winnower.fingerprints(text);
  const hitsByDoc = new Map<number, number[]>();
  const found: number[] = [];
  const collect = (doc: number, ordinal: number) => void found.push(doc, ordinal);
  for (let i = 0; i < fps.hashes.length; i++) {
    const hash = fps.hashes[i]!;
    if (boilerplate.has(hash)) continue;
    found.length = 0;
    if (index.lookup(hash, collect) > params.maxDocFrequency) continue;
    const q = fps.positions[i]!;
    for (let h = 0; h < found.length; h += 2) {
      const list = hitsByDoc.get(found[h]!);
      if (list) list.push(q, found[h + 1]!);
      else hitsByDoc.set(found[h]!, [q, found[h + 1]!]);
    }
  }
  const matches: RegistryMatch[] = [];
  for (const [doc, flat] of hitsByDoc) {
    if (flat.length < 2 * minChain) continue;
    const chains = chainsOf(flat, params);
    const spans: Array<[number, number]> = [];
    const ordinals = new Set<number>();
    let matchedChars = 0;
    for (const chain of chains) {
      const start = Math.max(0, chain.start - (w - 1));
      const end = Math.min(text.length, chain.end + k + (w - 1));
      spans.push([start, end]);
      for (const o of chain.ordinals) ordinals.add(o);
      // Shared text carries a fingerprint every (w + 1) / 2 characters on average: a chain claims
      // at most w + 1 characters per hit (half that density; edits and OCR errors thin it), so
      // three hits 40 characters apart (stock phrases) are not a 40-character passage.
      matchedChars += Math.min(end - start, chain.ordinals.length * (w + 1) + k - 1);
    }
    if (!spans.length) continue;
    matches.push({ doc, matchedChars, coverage: ordinals.size / Math.max(1, fingerprintCount(doc)), spans: spans.sort((a, b) => a[0] - b[0]) });
  }
  return matches.sort((a, b) => b.matchedChars - a.matchedChars || b.coverage - a.coverage);
}

/**
 * Hits a chain needs to count: two can be two stock phrases that happen to
 * sit a sentence apart in both texts (measured: 50 "matched" characters
 * between unrelated notices); a real 25-character passage has about four.
 */
const minChain = 3;

interface Chain {
  start: number;
  end: number;
  ordinals: number[];
}

/**
 * Longest ordered chains through hits (query offset, registered ordinal):
 * each hit extends the chain, among hits up to maxGapChars before it whose
 * ordinal is lower by at most maxGapOrdinals, that starts earliest. Chains of
 * at least `minChain` hits are kept, longest first, without overlapping in the query.
 */
function chainsOf(flat: number[], params: MatchParams): Chain[] {
  const n = flat.length / 2;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => flat[2 * a]! - flat[2 * b]! || flat[2 * a + 1]! - flat[2 * b + 1]!);
  const q = order.map((i) => flat[2 * i]!);
  const o = order.map((i) => flat[2 * i + 1]!);
  const start = new Int32Array(n);
  const length = new Int32Array(n).fill(1);
  const prev = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    start[j] = q[j]!;
    for (let p = j - 1; p >= 0 && q[p]! >= q[j]! - params.maxGapChars; p--) {
      if (q[p]! === q[j]! || o[p]! >= o[j]! || o[p]! < o[j]! - params.maxGapOrdinals) continue;
      if (start[p]! < start[j]! || (start[p] === start[j] && length[p]! + 1 > length[j]!)) {
        start[j] = start[p]!;
        length[j] = length[p]! + 1;
        prev[j] = p;
      }
    }
  }
  const ends = Array.from({ length: n }, (_, j) => j)
    .filter((j) => length[j]! >= minChain)
    .sort((a, b) => q[b]! - start[b]! - (q[a]! - start[a]!));
  const chains: Chain[] = [];
  for (const j of ends) {
    if (chains.some((c) => start[j]! <= c.end && q[j]! >= c.start)) continue;
    const ordinals: number[] = [];
    for (let p = j; p >= 0; p = prev[p]!) ordinals.push(o[p]!);
    chains.push({ start: start[j]!, end: q[j]!, ordinals });
  }
  return chains;
}
