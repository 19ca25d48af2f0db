/**
 * Choosing k (k-gram length) and w (winnowing window) on Chinese text, by
 * measurement. Without a corpus of real documents, each text is unique
 * content (random words) with official phrasing spliced in every 60-150
 * characters: the stock phrases of policies/registry-baseline.txt and sentences
 * from the notice generator, which registered documents and negatives share.
 * For each pair, over 200 registered documents (3,000 characters):
 *   - found: excerpts of 50 characters, exact, with 3 characters changed, and
 *     with 3% of characters misread (OCR), at block (≥ 50) and hold (≥ 25);
 *   - false: the longest match in 200 negatives (1,500 characters) that share
 *     only that phrasing;
 *   - fingerprints per 1,000 characters (index memory: 8 bytes each; every
 *     k-gram's hash is kept too, 4 bytes per character, whatever k and w).
 *
 *   npm run bench:registry-params
 */
import { canonical } from '../src/detect/fingerprint/canonical.js';
import { Winnower } from '../src/detect/fingerprint/winnow.js';
import { loadPolicy } from '../src/policy/load.js';
import { Baseline, baselinePhrases } from '../src/registry/baseline.js';
import { FingerprintIndex } from '../src/registry/fingerprint-index.js';
import { DocumentGrams } from '../src/registry/grams.js';
import { findMatches } from '../src/registry/match.js';
import { officialSentence, randomWords, rng, stream } from '../test/fixtures/official-text.js';

const policy = loadPolicy('policies/default.yaml').registry;
const stock = baselinePhrases();

/** Registered documents and negatives draw notice sentences from disjoint halves of the phrase lists: they share frames and stock phrases, not sentences. */
function document(seed: number, length: number, vocabulary: 0 | 1): string {
  const r = stream(seed);
  let text = '';
  while (text.length < length) {
    text += randomWords(seed * 1000 + text.length, 60 + Math.floor(r() * 90));
    text += r() < 0.5 ? stock[Math.floor(r() * stock.length)]! : officialSentence(r, vocabulary);
  }
  return canonical(text).text;
}

const registered = Array.from({ length: 200 }, (_, i) => document(1 + i, 3000, 0));
const negatives = Array.from({ length: 200 }, (_, i) => document(100_000 + i, 1500, 1));
const lookalike = '某甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';

function changed(text: string, seed: number, changes: { count?: number; rate?: number }): string {
  const r = rng(seed);
  const chars = [...text];
  const n = changes.count ?? Math.round(chars.length * (changes.rate ?? 0));
  for (let i = 0; i < n; i++) chars[Math.floor(r() * chars.length)] = lookalike[Math.floor(r() * lookalike.length)]!;
  return chars.join('');
}

console.log('bench/registry-params.ts — 200 registered documents; excerpts of 50 characters; 200 negatives sharing phrasing and topic');
console.log(' k  w  t=w+k-1 |    exact: block / hold | 3 changed: block / hold | 3% misread: block / hold | negatives: longest | fingerprints/1000 chars');
for (const k of [6, 8, 10]) {
  for (const w of [6, 10, 14]) {
    const winnower = new Winnower(Buffer.alloc(32, 1), { k, w });
    const index = new FingerprintIndex();
    const grams = new DocumentGrams();
    registered.forEach((t, i) => grams.set(i + 1, winnower.grams(t)));
    const picks = registered.map((_, i) => winnower.select(grams.get(i + 1)!));
    index.addMany(picks.map((f, i) => [i + 1, f]));
    const discounts = { baseline: Baseline.fromFiles(winnower), learnedIn: () => undefined };
    const params = { ...policy, k, w, minPassageChars: policy.holdChars };
    const longest = (text: string) => findMatches(text, winnower, index, grams, discounts, (d) => grams.get(d)!.length, params).matches[0]?.matchedChars ?? 0;
    const tally = (mode: { count?: number; rate?: number }) => {
      let block = 0;
      let hold = 0;
      for (let i = 0; i < registered.length; i++) {
        const excerpt = changed(registered[i]!.slice(1000, 1050), i, mode);
        const m = longest(negatives[i]!.slice(0, 300) + excerpt + negatives[(i + 1) % negatives.length]!.slice(0, 300));
        if (m >= params.blockChars) block++;
        if (m >= params.holdChars) hold++;
      }
      return `${(block / registered.length).toFixed(2)} / ${(hold / registered.length).toFixed(2)}`;
    };
    const falseLongest = Math.max(...negatives.map(longest));
    const perThousand = (picks.reduce((n, f) => n + f.hashes.length, 0) / registered.reduce((n, t) => n + t.length, 0)) * 1000;
    console.log(`${String(k).padStart(2)} ${String(w).padStart(2)}  ${String(w + k - 1).padStart(7)} | ${tally({ count: 0 }).padStart(20)} | ${tally({ count: 3 }).padStart(20)} | ${tally({ rate: 0.03 }).padStart(21)} | ${String(falseLongest).padStart(18)} | ${perThousand.toFixed(0).padStart(10)}`);
  }
}
