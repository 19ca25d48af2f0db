/**
 * Aggregates of scored samples: caught (verdict ≠ allow), right verdict
 * (verdict at least the expected one), false positives, and the tables per
 * expected category and per format that `npm run eval` prints.
 */
import type { Verdict } from '../../src/detect/decide.js';
import type { Scored } from './score.js';

const order: Record<Verdict, number> = { allow: 0, hold: 1, block: 2 };

export interface Metrics {
  samples: number;
  positives: number;
  negatives: number;
  strong: number;
  recall: number;
  strongRecall: number;
  /** Share of all samples whose verdict is exactly the expected one. */
  exactRate: number;
  falsePositiveRate: number;
  /** Held negatives per 1,000 clean publishes. */
  holdsPer1000: number;
}

const ratio = (a: number, b: number) => (b ? a / b : 1);
const caught = (s: Scored) => s.verdict !== 'allow';
const right = (s: Scored) => order[s.verdict] >= order[s.sample.expect];
/** Caught with the expected category among the reasons (not by some other evidence that happened to be there). */
const byCategory = (s: Scored) => caught(s) && s.reasons.some((f) => f.category === s.sample.category);

export function metrics(scored: readonly Scored[]): Metrics {
  const pos = scored.filter((s) => s.sample.expect !== 'allow');
  const neg = scored.filter((s) => s.sample.expect === 'allow');
  const strong = pos.filter((s) => s.sample.strong);
  return {
    samples: scored.length,
    positives: pos.length,
    negatives: neg.length,
    strong: strong.length,
    recall: ratio(pos.filter(caught).length, pos.length),
    strongRecall: ratio(strong.filter(caught).length, strong.length),
    exactRate: ratio(scored.filter((s) => s.verdict === s.sample.expect).length, scored.length),
    falsePositiveRate: ratio(neg.filter(caught).length, neg.length),
    holdsPer1000: ratio(neg.filter((s) => s.verdict === 'hold').length, neg.length) * 1000,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pad = (s: string | number, n: number) => String(s).padStart(n);

function table(scored: readonly Scored[], key: (s: Scored) => string, title: string): string[] {
  const rows = new Map<string, Scored[]>();
  for (const s of scored) rows.set(key(s), [...(rows.get(key(s)) ?? []), s]);
  const out = [`${title.padEnd(24)}   pos caught  right  missed  by-cat |   neg    FP  held  blocked`];
  for (const [name, list] of [...rows.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const pos = list.filter((s) => s.sample.expect !== 'allow');
    const neg = list.filter((s) => s.sample.expect === 'allow');
    const fp = neg.filter(caught);
    out.push(
      `${name.padEnd(24)} ${pad(pos.length, 5)} ${pad(pos.filter(caught).length, 6)} ${pad(pos.filter(right).length, 6)} ${pad(pos.length - pos.filter(caught).length, 7)} ${pad(pos.filter(byCategory).length, 7)} | ${pad(neg.length, 5)} ${pad(fp.length, 5)} ${pad(fp.filter((s) => s.verdict === 'hold').length, 5)} ${pad(fp.filter((s) => s.verdict === 'block').length, 8)}`,
    );
  }
  return out;
}

export function summaryLines(m: Metrics): string[] {
  return [
    `samples ${m.samples} (${m.positives} positive, ${m.strong} of them strong; ${m.negatives} negative)`,
    `recall (verdict ≠ allow)      ${pct(m.recall)}`,
    `strong-evidence recall        ${pct(m.strongRecall)}`,
    `exact-verdict rate            ${pct(m.exactRate)}`,
    `false-positive rate           ${pct(m.falsePositiveRate)}`,
    `holds per 1,000 clean publishes ${m.holdsPer1000.toFixed(1)}`,
  ];
}

/** The aggregate report of one split: summary, then the tables per expected category, format and family (by-cat: caught with the expected category among the reasons). */
export function report(name: string, scored: readonly Scored[]): string {
  return [
    `== ${name} ==`,
    ...summaryLines(metrics(scored)),
    '',
    ...table(scored, (s) => s.sample.category ?? '(negatives)', 'expected category'),
    '',
    ...table(scored, (s) => s.sample.format, 'format'),
    '',
    ...table(scored, (s) => s.sample.family, 'family'),
  ].join('\n');
}

/** Misses and false positives one per line, with the verdict and the first findings (tuning split only). */
export function missLines(scored: readonly Scored[]): string[] {
  const out: string[] = [];
  for (const s of scored) {
    const positive = s.sample.expect !== 'allow';
    // A positive caught with the wrong verdict or for another reason is listed too: the explanation is part of the verdict.
    const off = positive && right(s) && (s.verdict !== s.sample.expect || !byCategory(s));
    if (positive ? right(s) && !off : !caught(s)) continue;
    const shown = (positive ? s.findings : s.reasons).slice(0, 4).map((f) => `${f.rule} ${f.severity}${f.severity === 'medium' ? ` ${f.score}` : ''} "${f.evidence}"`);
    const label = off ? `OFF   expect ${s.sample.expect} ${s.sample.category}` : positive ? `MISS  expect ${s.sample.expect}${s.sample.strong ? ' (strong)' : ''}` : 'FP   ';
    out.push(`${label} got ${s.verdict.padEnd(5)} ${s.sample.id}\n      why: ${s.sample.why}\n      findings: ${shown.join('; ') || 'none'}`);
  }
  return out;
}
