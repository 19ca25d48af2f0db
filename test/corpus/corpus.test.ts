import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { Verdict } from '../../src/detect/decide.js';
import { loadPolicy } from '../../src/policy/load.js';
import { loadPortal } from '../../src/policy/portal.js';
import { Scanner } from '../../src/scanner.js';
import { asHtml, evasions, type Sample } from './variants.js';

interface Labelled {
  id: string;
  text: string;
  expect?: Verdict;
  category?: string;
  strong?: boolean;
}

const positives = parse(readFileSync('test/corpus/positives.yaml', 'utf8')) as Labelled[];
const negatives = parse(readFileSync('test/corpus/negatives.yaml', 'utf8')) as Labelled[];

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const p of positives) {
    const base = { expect: p.expect!, category: p.category, strong: p.strong };
    out.push({ id: `${p.id}/text`, format: 'text', body: p.text, ...base }, { id: `${p.id}/html`, format: 'html', body: asHtml(p.text), ...base });
    if (!p.strong) continue;
    for (const [name, evade] of Object.entries(evasions)) {
      const variant = evade(p.text);
      // An evasion that changes nothing in this sample (no ★ to replace) is not a new sample.
      if (variant.format === 'text' && variant.body === p.text) continue;
      out.push({ id: `${p.id}/${name}`, ...variant, ...base });
    }
  }
  for (const n of negatives) {
    out.push({ id: `${n.id}/text`, format: 'text', body: n.text, expect: 'allow' }, { id: `${n.id}/html`, format: 'html', body: asHtml(n.text), expect: 'allow' });
  }
  return out;
}

const order: Record<Verdict, number> = { allow: 0, hold: 1, block: 2 };

describe('labelled corpus: recall and false positives per category', () => {
  it('meets the floors (strong recall 1.0, overall recall ≥ 0.95, false-positive rate ≤ 0.02)', async () => {
    const policy = { ...loadPolicy('policies/default.yaml'), keywords: [{ name: 'project-codes', severity: 'medium' as const, score: 1, words: ['蓝盾工程'] }] };
    const scanner = new Scanner(policy, { portal: loadPortal('policies/portal-example.yaml') });
    const all = samples();
    assert.ok(all.length >= 150, `${all.length} samples`);
    assert.ok(negatives.length >= 60);
    const table = new Map<string, { tp: number; fn: number; fp: number }>();
    const row = (c: string) => table.get(c) ?? (table.set(c, { tp: 0, fn: 0, fp: 0 }), table.get(c)!);
    const misses: string[] = [];
    const falsePositives: string[] = [];
    let strongMissed = 0;
    let tn = 0;
    for (const s of all) {
      const r = await scanner.scan([{ part: 'body', bytes: Buffer.from(s.body), declaredType: s.format === 'html' ? 'text/html' : 'text/plain' }]);
      const verdict = r.decision.verdict;
      if (s.expect === 'allow') {
        if (verdict === 'allow') tn++;
        else {
          const cats = new Set(r.decision.reasons.map((f) => f.category));
          for (const c of cats) row(c).fp++;
          falsePositives.push(`${s.id} → ${verdict} (${r.decision.reasons.map((f) => `${f.rule} "${f.evidence}"`).join(', ')})`);
        }
        continue;
      }
      const found = r.decision.reasons.some((f) => f.category === s.category);
      if (order[verdict] >= order[s.expect] && found) row(s.category!).tp++;
      else {
        row(s.category!).fn++;
        if (s.strong) strongMissed++;
        misses.push(`${s.id} → ${verdict} (${r.findings.map((f) => `${f.rule} ${f.score} "${f.evidence}"`).join(', ') || 'no findings'})`);
      }
    }
    const positivesN = all.filter((s) => s.expect !== 'allow').length;
    const negativesN = all.length - positivesN;
    const tp = [...table.values()].reduce((a, r) => a + r.tp, 0);
    const fpSamples = falsePositives.length;
    const lines = [`corpus: ${all.length} samples (${positivesN} positive, ${negativesN} negative)`, 'category                 TP   FN   FP   recall'];
    for (const [c, r] of [...table.entries()].sort()) lines.push(`${c.padEnd(24)} ${String(r.tp).padStart(3)}  ${String(r.fn).padStart(3)}  ${String(r.fp).padStart(3)}   ${r.tp + r.fn ? (r.tp / (r.tp + r.fn)).toFixed(3) : '  -  '}`);
    lines.push(`overall recall ${(tp / positivesN).toFixed(3)}   false-positive rate ${(fpSamples / negativesN).toFixed(3)} (${fpSamples}/${negativesN}, TN ${tn})`);
    console.log(lines.join('\n'));
    if (misses.length) console.log(`missed:\n  ${misses.join('\n  ')}`);
    if (falsePositives.length) console.log(`false positives:\n  ${falsePositives.join('\n  ')}`);
    assert.equal(strongMissed, 0, 'every strong mark is caught');
    assert.ok(tp / positivesN >= 0.95, `overall recall ${tp / positivesN}`);
    assert.ok(fpSamples / negativesN <= 0.02, `false-positive rate ${fpSamples / negativesN}`);
  });
});
