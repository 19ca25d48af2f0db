import { readFileSync } from 'node:fs';
import { canonical } from '../detect/fingerprint/canonical.js';
import type { Winnower } from '../detect/fingerprint/winnow.js';

/**
 * The public phrasing the project keeps, beside src/ and dist/ alike: the
 * unit's own stock phrases (registry-baseline.txt) and the formulas of the
 * 公文 genre (registry-gongwen.txt).
 */
export const baselineFiles = ['registry-baseline.txt', 'registry-gongwen.txt'].map((name) => new URL(`../../policies/${name}`, import.meta.url));

/** The phrases of baseline files: one per line, lines starting with # are comments. */
export function baselinePhrases(files: Array<URL | string> = baselineFiles): string[] {
  return files.flatMap((file) => readFileSync(file, 'utf8').split('\n')).filter((line) => line.trim() && !line.startsWith('#'));
}

/**
 * Public phrasing all official documents share, never evidence of a copy.
 * A k-gram counts only when one of its characters lies outside every stock
 * phrase in the text: so not a baseline k-gram, and not one that straddles two
 * stock phrases or a heading shorter than k (一、总体要求) between them.
 * Membership is decided on the k-gram's text, never its keyed hash: a 32-bit
 * hash colliding with a baseline one would make what counts depend on the key.
 */
export class Baseline {
  /** Every k-gram of the phrases, as canonical text. */
  private readonly grams = new Set<string>();
  /** Their keyed hashes: only for documents registered before their own count was kept (see countableFromHashes). */
  private readonly hashes = new Set<number>();
  /** Phrases shorter than k (headings, 特此通知), by their first character. */
  private readonly short = new Map<string, string[]>();
  readonly k: number;

  constructor(winnower: Winnower, phrases: string[]) {
    this.k = winnower.params.k;
    for (const line of phrases) {
      const text = canonical(line).text;
      if (text.length >= this.k) {
        for (let i = 0; i + this.k <= text.length; i++) this.grams.add(text.slice(i, i + this.k));
        for (const h of winnower.grams(text)) this.hashes.add(h);
      }
      else if (text.length > 1) this.short.set(text[0]!, [...(this.short.get(text[0]!) ?? []), text]);
    }
  }

  static fromFiles(winnower: Winnower, files?: Array<URL | string>): Baseline {
    return new Baseline(winnower, baselinePhrases(files));
  }

  /** A canonical text's stock phrasing, worked out as matching asks. */
  in(text: string): StockText {
    return new StockText(this, text);
  }

  /** Whether the k-gram at `at` of a canonical text is one of the phrases'. */
  gramAt(text: string, at: number): boolean {
    return at + this.k <= text.length && this.grams.has(text.slice(at, at + this.k));
  }

  /** How many of a canonical text's k-grams count (what a registered document's coverage is a share of). */
  countable(text: string): number {
    const stock = this.in(text);
    let n = 0;
    for (let i = 0; i + this.k <= text.length; i++) if (stock.counts(i)) n++;
    return n;
  }

  /** The longest phrase shorter than k that starts at `at` of a text (0: none). */
  shortAt(text: string, at: number): number {
    let longest = 0;
    for (const phrase of this.short.get(text[at]!) ?? []) if (phrase.length > longest && text.startsWith(phrase, at)) longest = phrase.length;
    return longest;
  }

  /**
   * The same count from a registered document's keyed hashes alone, for one
   * registered before its count was kept: an approximation (a hash collision
   * may drop a k-gram; short phrases are not seen), stable for a given key.
   */
  countableFromHashes(grams: Uint32Array): number {
    const stock = new Uint8Array(grams.length + this.k - 1);
    for (let i = 0; i < grams.length; i++) if (this.hashes.has(grams[i]!)) stock.fill(1, i, i + this.k);
    let n = 0;
    // The last character outside stock phrasing: k-gram c − k + 1 counts if it holds one.
    for (let c = 0, free = -1; c < stock.length; c++) {
      if (!stock[c]) free = c;
      if (c >= this.k - 1 && free > c - this.k) n++;
    }
    return n;
  }
}

/**
 * One text's stock phrasing, worked out lazily: matching asks about the
 * k-grams around shared fingerprints only, and most texts share none.
 */
export class StockText {
  /** Per character: 0 not known yet, 1 inside stock phrasing, 2 outside. */
  private readonly chars: Uint8Array;

  constructor(
    private readonly baseline: Baseline,
    private readonly text: string,
  ) {
    this.chars = new Uint8Array(text.length);
  }

  /** Whether k-gram `i` has a character outside every stock phrase. */
  counts(i: number): boolean {
    const k = this.baseline.k;
    for (let c = i; c < i + k; c++) if (!this.stock(c)) return true;
    return false;
  }

  /** Whether character `c` lies inside a stock phrase, or is a heading's number right before one (一、总体要求, 3.保障措施). */
  stock(c: number): boolean {
    let known = this.chars[c]!;
    if (!known) {
      known = this.inPhrase(c) ? 1 : 2;
      if (known === 2 && numbering.test(this.text[c]!)) {
        let next = c + 1;
        while (next < this.text.length && numbering.test(this.text[next]!)) next++;
        if (next < this.text.length && this.startsPhrase(next)) known = 1;
      }
      this.chars[c] = known;
    }
    return known === 1;
  }

  private inPhrase(c: number): boolean {
    for (let s = Math.max(0, c - this.baseline.k + 1); s <= c; s++) {
      if (this.baseline.gramAt(this.text, s)) return true;
      if (s + this.baseline.shortAt(this.text, s) > c) return true;
    }
    return false;
  }

  private startsPhrase(at: number): boolean {
    return this.baseline.gramAt(this.text, at) || this.baseline.shortAt(this.text, at) > 0;
  }
}

/** Characters that number headings and items. */
const numbering = /[一二三四五六七八九十0-9]/;
