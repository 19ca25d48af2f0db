/**
 * `npm run eval`: builds the corpus, scores both splits, prints aggregates
 * for each. `--misses` lists the tuning split's misses and false positives;
 * the held-out split is only ever shown in aggregate.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildCorpus } from './corpus.js';
import { missLines, report } from './report.js';
import { openEvalScanner } from './score.js';
import { split } from './split.js';

const { values } = parseArgs({ options: { misses: { type: 'boolean' } } });

const t0 = performance.now();
const samples = await buildCorpus();
const { tuning, heldOut } = split(samples);
const t1 = performance.now();
const scanner = await openEvalScanner();
let scored;
try {
  const all = await scanner.scan([...tuning, ...heldOut], (n) => {
    if (process.stderr.isTTY) process.stderr.write(`\rscanned ${n}/${samples.length}`);
  });
  scored = { tuning: all.slice(0, tuning.length), heldOut: all.slice(tuning.length) };
} finally {
  await scanner.close();
}
const t2 = performance.now();
if (process.stderr.isTTY) process.stderr.write('\r');
const groups = (list: typeof samples) => new Set(list.map((s) => s.group)).size;
console.log(`corpus: ${samples.length} samples in ${groups(samples)} groups; tuning ${tuning.length} samples (${groups(tuning)} groups), held-out ${heldOut.length} (${groups(heldOut)} groups)`);
const all = [...scored.tuning, ...scored.heldOut];
const images = all.filter((s) => s.sample.format === 'photo' || s.sample.format === 'scanned-pdf' || s.sample.id.endsWith('-header-picture') || s.sample.parts.some((p) => p.declaredType?.startsWith('image/')));
const seconds = (list: typeof all) => (list.reduce((n, s) => n + s.ms, 0) / 1000).toFixed(1);
console.log(`build ${((t1 - t0) / 1000).toFixed(1)} s, scan ${((t2 - t1) / 1000).toFixed(1)} s (${images.length} samples with images: ${seconds(images)} s; the other ${all.length - images.length}: ${seconds(all.filter((s) => !images.includes(s)))} s)\n`);
console.log(report('tuning split', scored.tuning));
console.log();
console.log(report('held-out split (aggregates only)', scored.heldOut));
if (values.misses) {
  const lines = missLines(scored.tuning);
  console.log(`\n== tuning split: ${lines.length} misses, false positives and off verdicts ==`);
  for (const l of lines) console.log(l);
}
