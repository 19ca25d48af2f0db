import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical } from '../../src/detect/fingerprint/canonical.js';
import { Winnower } from '../../src/detect/fingerprint/winnow.js';
import { FingerprintIndex } from '../../src/registry/fingerprint-index.js';
import { Baseline } from '../../src/registry/baseline.js';
import { DocumentGrams } from '../../src/registry/grams.js';
import { findMatches } from '../../src/registry/match.js';
import type { Discounts } from '../../src/registry/runs.js';
import { radixSortPairs } from '../../src/registry/radix-sort.js';
import { rng } from '../fixtures/official-text.js';

const secret = Buffer.alloc(32, 9);
const params = { k: 8, w: 10 };
const winnower = new Winnower(secret, params);
const matchParams = { maxGapChars: 40, maxDocFrequency: 50, minPassageChars: 25 };

/** Random text over 3,000 CJK ideographs: no accidental shared runs. */
function randomText(seed: number, length: number): string {
  const r = rng(seed);
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(0x4e00 + Math.floor(r() * 3000));
  return s;
}

describe('canonical text for fingerprints', () => {
  it('keeps letters and digits only, folded the way the detector folds them, mapped back to the original', () => {
    const original = '關於 做好，防汛\n工作（ABC）１２';
    const c = canonical(original);
    assert.equal(c.text, '关于做好防汛工作abc12');
    assert.equal(original[c.map[4]!], '防');
    assert.equal(c.map[c.text.length], original.length);
  });
});

describe('winnowing', () => {
  it('any shared run of w + k − 1 characters shares a fingerprint (the guarantee), wherever it sits', () => {
    const t = params.w + params.k - 1;
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const shared = randomText(seed + 1000, t);
      const a = canonical(randomText(seed, Math.floor(r() * 300)) + shared + randomText(seed + 2000, 50)).text;
      const b = canonical(randomText(seed + 3000, Math.floor(r() * 300)) + shared + randomText(seed + 4000, 50)).text;
      const fa = new Set(winnower.fingerprints(a).hashes);
      assert.ok([...winnower.fingerprints(b).hashes].some((h) => fa.has(h)), `seed ${seed}`);
    }
  });

  it('selects about 2 / (w + 1) of the k-grams, positions increasing', () => {
    const text = randomText(5, 30_000);
    const fps = winnower.fingerprints(text);
    const density = fps.hashes.length / (text.length - params.k + 1);
    assert.ok(Math.abs(density - 2 / (params.w + 1)) < 0.02, String(density));
    for (let i = 1; i < fps.positions.length; i++) assert.ok(fps.positions[i]! > fps.positions[i - 1]!);
  });

  it('is keyed: another installation secret gives unrelated fingerprints', () => {
    const text = randomText(6, 2000);
    const mine = new Set(winnower.fingerprints(text).hashes);
    const theirs = new Winnower(Buffer.alloc(32, 10), params).fingerprints(text).hashes;
    assert.ok([...theirs].filter((h) => mine.has(h)).length < 3);
    assert.deepEqual(new Winnower(Buffer.alloc(32, 9), params).fingerprints(text).hashes, winnower.fingerprints(text).hashes);
  });
});

describe('fingerprint index', () => {
  it('radix-sorts keys with their values, stably', () => {
    const r = rng(3);
    const keys = Uint32Array.from({ length: 50_000 }, () => Math.floor(r() * 2 ** 32) & 0xffff00ff);
    const values = Uint32Array.from(keys.keys());
    const expected = [...keys].map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    radixSortPairs(keys, values);
    assert.deepEqual([...keys], expected.map(([k]) => k));
    assert.deepEqual([...values], expected.map(([, i]) => i));
  });

  it('finds documents by hash across the sorted segment and recent additions, forgets removed ones', () => {
    const index = new FingerprintIndex(1_000_000);
    // Picks at every third position: references carry the position, not the ordinal.
    const picks = (...hashes: number[]) => ({ hashes: Uint32Array.from(hashes), positions: Uint32Array.from(hashes, (_, i) => i * 3) });
    index.addMany([[7, picks(10, 20, 30)], [8, picks(20, 40)]]);
    index.add(9, picks(20, 50));
    const hits = (h: number) => {
      const out: string[] = [];
      index.lookup(h, (doc, position) => out.push(`${doc}:${position}`));
      return out.sort();
    };
    assert.deepEqual(hits(20), ['7:3', '8:0', '9:0']);
    assert.equal(index.lookup(20), 3);
    index.remove(8);
    assert.deepEqual(hits(20), ['7:3', '9:0']);
    index.compact();
    assert.deepEqual(hits(20), ['7:3', '9:0']);
    assert.deepEqual(hits(50), ['9:3']);
    assert.equal(index.entries, 5);
    index.add(10, picks(40));
    assert.deepEqual(hits(40), ['10:0'], 'a freed slot is reused without old entries leaking in');
  });

  it('gives a document longer than one slot positions that keep counting', () => {
    const index = new FingerprintIndex();
    const hashes = Uint32Array.from({ length: 40_000 }, (_, i) => i);
    index.addMany([[1, { hashes, positions: hashes.map((i) => i * 2) }]]);
    const seen: number[] = [];
    index.lookup(35_000, (_doc, position) => seen.push(position));
    assert.deepEqual(seen, [70_000]);
  });
});

describe('matching passages', () => {
  const registered = canonical(randomText(100, 3000)).text;
  const index = new FingerprintIndex();
  const grams = new DocumentGrams();
  grams.set(1, winnower.grams(registered));
  index.addMany([[1, winnower.select(grams.get(1)!)]]);
  const none: Discounts = { baseline: new Baseline(winnower, []), learnedIn: () => undefined };
  const find = (text: string, discounts = none, params = matchParams) => findMatches(text, winnower, index, grams, discounts, () => grams.get(1)!.length, params).matches;

  it('finds an excerpt inside new text, with its exact length and where it is', () => {
    for (const length of [50, 80, 200]) {
      const text = randomText(length, 400) + registered.slice(1000, 1000 + length) + randomText(length + 1, 400);
      const [m] = find(text);
      assert.equal(m?.doc, 1, `excerpt of ${length}`);
      // Measured on every k-gram: the shared run itself, give or take a character the texts happen to share at its ends.
      assert.ok(m.matchedChars >= length && m.matchedChars <= length + 2, `excerpt of ${length}: measured ${m.matchedChars}`);
      const [start, end] = m.spans[0]!;
      assert.ok(start >= 398 && start <= 400 && end >= 400 + length && end <= 402 + length, `span ${start}-${end}`);
    }
  });

  it('bridges a few changed characters without counting them, and measures coverage of the registered document', () => {
    const chars = [...registered.slice(500, 1100)];
    for (const at of [100, 250, 400]) chars[at] = '某';
    const [m] = find(randomText(1, 100) + chars.join(''));
    assert.ok(m && m.matchedChars >= 597 && m.matchedChars <= 599, String(m?.matchedChars));
    assert.ok(m.coverage > 0.19 && m.coverage < 0.21, String(m.coverage));
    assert.equal(find(registered)[0]!.coverage, 1);
  });

  it('finds every shared run of w + k − 1 characters and none shorter, whatever the key', () => {
    const t = params.w + params.k - 1;
    for (let key = 0; key < 30; key++) {
      const keyed = new Winnower(Buffer.alloc(32, key), params);
      const g = new DocumentGrams();
      g.set(1, keyed.grams(registered));
      const keyedIndex = new FingerprintIndex();
      keyedIndex.addMany([[1, keyed.select(g.get(1)!)]]);
      for (const [length, found] of [[t, t], [t - 1, 0]] as const) {
        const text = randomText(key + 500, 300) + registered.slice(2000 + key, 2000 + key + length) + randomText(key + 600, 300);
        const m = findMatches(text, keyed, keyedIndex, g, none, () => 1, matchParams).matches[0];
        assert.equal(m?.matchedChars ?? 0, found, `key ${key}, shared run of ${length}`);
      }
    }
  });

  it('does not count boilerplate: the baseline, or passages in too many documents', () => {
    const text = randomText(2, 200) + registered.slice(0, 60) + randomText(3, 200);
    const baseline = new Baseline(winnower, [registered.slice(0, 60)]);
    assert.deepEqual(find(text, { baseline, learnedIn: () => undefined }), []);
    assert.deepEqual(find(text, none, { ...matchParams, maxDocFrequency: 0 }), []);
  });

  it('finds nothing in unrelated text', () => {
    assert.deepEqual(find(randomText(77, 20_000)), []);
  });
});
