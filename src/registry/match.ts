import type { Winnower } from '../detect/fingerprint/winnow.js';
import type { FingerprintIndex } from './fingerprint-index.js';
import type { DocumentGrams } from './grams.js';
import { measure } from './measure.js';
import { dropCommon, findRuns, QueryGrams, type Discounts } from './runs.js';

export interface MatchParams {
  /** Largest gap bridged inside one passage, in k-grams of either text (misread, changed, inserted or dropped characters). */
  maxGapChars: number;
  /** A passage more than this many registered documents share is boilerplate, not evidence. */
  maxDocFrequency: number;
  /** Shorter passages (a phrase a notice happens to share) do not count towards coverage. */
  minPassageChars: number;
}

/** One registered document the scanned text shares passages with. */
export interface RegistryMatch {
  doc: number;
  /** Characters in common in the longest shared passage (canonical: letters and digits only). */
  matchedChars: number;
  /** Share of the registered document's counting k-grams found in the text. */
  coverage: number;
  /** Shared passages in the scanned text, as canonical offsets [start, end). */
  spans: Array<[number, number]>;
}

export interface MatchResult {
  matches: RegistryMatch[];
  query: QueryGrams;
  /** Query k-gram positions shared with any registered document. */
  matched: Uint8Array;
}

/**
 * Finds the registered documents a canonical text shares passages with.
 * Winnowed fingerprints find candidate regions; every measure comes from
 * the exact runs both texts share (see runs.ts and measure.ts), so the same
 * texts give the same numbers under any key. Public phrasing, learned
 * phrasing and passages common to too many registered documents never count.
 */
export function findMatches(text: string, winnower: Winnower, index: FingerprintIndex, grams: DocumentGrams, discounts: Discounts, countable: (doc: number) => number, params: MatchParams): MatchResult {
  const { k, w } = winnower.params;
  const all = winnower.grams(text);
  const query = new QueryGrams(all, text, discounts.baseline);
  const matched = new Uint8Array(all.length);
  const runs = findRuns(query, winnower.select(all), index, grams, discounts, w);
  dropCommon(query, runs, params.maxDocFrequency, w);
  const matches: RegistryMatch[] = [];
  for (const [view, list] of runs) {
    const m = measure(query, view, list, params.maxGapChars, k, params.minPassageChars);
    for (const i of m.matched) matched[i] = 1;
    matches.push({ doc: view.doc, matchedChars: m.chars, coverage: m.documentGrams / Math.max(1, countable(view.doc)), spans: m.spans });
  }
  matches.sort((a, b) => b.matchedChars - a.matchedChars || b.coverage - a.coverage || a.doc - b.doc);
  return { matches, query, matched };
}
