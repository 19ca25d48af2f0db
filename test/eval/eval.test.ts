/**
 * The realistic evaluation corpus, scored on its held-out split only. The
 * floors are the product's promise (every strong positive caught, ≥ 97% of
 * all positives, ≤ 2% of clean publishes stopped); failures print held-out
 * aggregates only, never sample ids: nobody tunes on the held-out split.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildCorpus } from './corpus.js';
import { metrics, report } from './report.js';
import { openEvalScanner } from './score.js';
import { split, heldOutShare } from './split.js';
import { bareFamilies, families, formats, pageFamilies, type EvalSample } from './types.js';

describe('evaluation corpus', () => {
  let samples: EvalSample[] = [];
  before(async () => {
    samples = await buildCorpus();
  });

  it('has enough samples, at least half of them negatives, unique ids', () => {
    assert.ok(samples.length >= 400, `${samples.length} samples`);
    const negatives = samples.filter((s) => s.expect === 'allow').length;
    assert.ok(negatives * 2 >= samples.length, `${negatives} negatives of ${samples.length}`);
    assert.equal(new Set(samples.map((s) => s.id)).size, samples.length);
    for (const s of samples) assert.equal(s.expect === 'allow', s.category === undefined, `${s.id}: positives carry a category, negatives none`);
  });

  it('has every positive group both bare and inside a portal page', () => {
    const groups = new Map<string, EvalSample[]>();
    for (const s of samples) if (s.expect !== 'allow') groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
    for (const [group, list] of groups) {
      assert.ok(list.some((s) => bareFamilies.includes(s.family)), `${group} has no bare variant`);
      assert.ok(list.some((s) => pageFamilies.includes(s.family)), `${group} has no in-page variant`);
      assert.equal(new Set(list.map((s) => s.expect)).size, 1, `${group}: variants of one document share the label`);
    }
  });

  it('covers every family and format', () => {
    for (const f of families) assert.ok(samples.some((s) => s.family === f), `no ${f} sample`);
    for (const f of formats) assert.ok(samples.some((s) => s.format === f), `no ${f} sample`);
  });

  it('holds out 30% ± 3% of the groups, never part of a group', () => {
    const { tuning, heldOut } = split(samples);
    const all = new Set(samples.map((s) => s.group));
    const held = new Set(heldOut.map((s) => s.group));
    for (const s of tuning) assert.ok(!held.has(s.group), `${s.group} straddles the split`);
    assert.ok(Math.abs(held.size / all.size - heldOutShare) <= 0.03, `${held.size} of ${all.size} groups held out`);
  });

  it('meets the floors on the held-out split', async () => {
    const { heldOut } = split(samples);
    const scanner = await openEvalScanner();
    try {
      const scored = await scanner.scan(heldOut);
      const m = metrics(scored);
      const ok = m.strongRecall === 1 && m.recall >= 0.97 && m.falsePositiveRate <= 0.02;
      assert.ok(ok, `held-out floors: strong recall 100%, recall ≥ 97%, false positives ≤ 2%\n${report('held-out split', scored)}`);
    } finally {
      await scanner.close();
    }
  });
});
