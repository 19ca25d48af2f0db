/**
 * Extraction speed, measured in one run:
 *   1. OCR seconds per A4 page (150 dpi), clean and photographed, for each
 *      engine (PP-OCR at one thread and at the deployed thread count,
 *      tesseract.js) against the native tesseract CLI on the same images
 *      (Debian tesseract-ocr, tesseract-ocr-chi-sim; target ≤ 1.2×), with the
 *      characters each read: an engine that gives up on half the page is fast;
 *   2. a 10-page text PDF to verdict (target ≤ 300 ms);
 *   3. header-first verdict on a marked photographed page (target ≤ 0.5 s).
 *
 *   npm run bench:extract
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import type { OcrEngine } from '../src/extract/ocr/engine.js';
import { PaddleEngine } from '../src/extract/ocr/paddle.js';
import { TesseractEngine } from '../src/extract/ocr/tesseract.js';
import { loadPolicy } from '../src/policy/load.js';
import { Scanner } from '../src/scanner.js';
import { makePdf } from '../test/fixtures/make.js';
import { cleanPage, markedHeader, photograph, renderPage } from '../test/fixtures/pages.js';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'baomi-bench-extract-'));

async function median(work: () => Promise<unknown> | unknown): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const body = Array.from({ length: 20 }, (_, i) => ({ text: `第${i + 1}段：各乡镇人民政府，县政府各部门，为进一步丰富群众文化生活。`, x: 100, y: 760 + i * 44 }));
const page = await renderPage([...markedHeader, ...body]);
const pages = {
  clean: page,
  photographed: await photograph(page, { rotate: 1.5, blur: 0.8, unevenLight: true, jpegQuality: 70 }),
};

const cores = availableParallelism();
const engines: Array<[string, () => Promise<OcrEngine>]> = [
  ['PP-OCR, 1 thread', () => PaddleEngine.start(1)],
  [`PP-OCR, ${cores} threads`, () => PaddleEngine.start(cores)],
  ['tesseract.js', () => TesseractEngine.start()],
];
const chars = (text: string) => text.replace(/\s/g, '').length;
console.log(`bench/extract.ts — median of ${runs} runs`);
for (const [name, image] of Object.entries(pages)) {
  const file = join(dir, `${name}.png`);
  writeFileSync(file, image);
  // The CLI at one thread (it would use OpenMP threads otherwise).
  let nativeText = '';
  const native = await median(() => (nativeText = execFileSync('tesseract', [file, '-', '-l', 'chi_sim+eng', '--oem', '1'], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } }).toString()));
  console.log(`OCR, ${name} page: native tesseract CLI ${(native / 1000).toFixed(2)} s/page, ${chars(nativeText)} characters read`);
  for (const [engineName, start] of engines) {
    const engine = await start();
    let text = '';
    const ms = await median(async () => (text = (await engine.recognize(image)).map((l) => l.text).join('')));
    await engine.terminate();
    console.log(`  ${engineName.padEnd(18)} ${(ms / 1000).toFixed(2)} s/page, ${chars(text)} characters read, ratio to native ${(ms / native).toFixed(2)} (target ≤ 1.2)`);
  }
}

const policy = loadPolicy('policies/default.yaml');
const scanner = new Scanner(policy);
const pdf = await makePdf(Array.from({ length: 10 }, (_, p) => [{ text: p === 0 ? '关于做好防汛工作的通知' : `第${p + 1}页`, x: 150, y: 100 }, ...body.map((l) => ({ ...l, y: l.y - 600, size: 12 }))]));
const pdfMs = await median(() => scanner.scan([{ part: 'file', file: 'ten-pages.pdf', bytes: pdf }]));
console.log(`10-page text PDF to verdict: ${pdfMs.toFixed(0)} ms (target ≤ 300)`);

// A fresh photograph each run, so the OCR cache cannot answer: what an editor's upload costs with warm engines.
let seed = 1;
await scanner.scan([{ part: 'file', file: 'warm.png', bytes: await renderPage(cleanPage) }]);
const photos = await Promise.all(Array.from({ length: runs + 1 }, () => photograph(page, { rotate: 1.5, noise: 0.1, seed: seed++, jpegQuality: 70 })));
let i = 0;
let verdict = '';
const headerFirst = await median(async () => (verdict = (await scanner.scan([{ part: 'file', file: 'photo.jpg', bytes: photos[i++]! }])).decision.verdict));
console.log(`header-first verdict on a marked photographed page: ${headerFirst.toFixed(0)} ms, ${verdict} (target ≤ 500)`);
await scanner.close();
rmSync(dir, { recursive: true, force: true });
