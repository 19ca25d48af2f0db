/**
 * The two OCR engines compared on the project's photographed fixtures:
 * recall of 密级 marks (the scanner's verdict, header-first as in production),
 * character error rate of the whole page against the text that was printed,
 * seconds per page, and peak memory. Each engine runs in its own child
 * process so its memory is its own.
 *
 *   npm run bench:ocr
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { OcrEngine } from '../src/extract/ocr/engine.js';
import { OcrPool } from '../src/extract/ocr/pool.js';
import { PaddleEngine } from '../src/extract/ocr/paddle.js';
import { TesseractEngine } from '../src/extract/ocr/tesseract.js';
import { loadPolicy } from '../src/policy/load.js';
import { Scanner } from '../src/scanner.js';
import { officialText, wrap } from '../test/fixtures/official-text.js';
import { photoConditions, photograph, renderPage, type PageLine, type Photo } from '../test/fixtures/pages.js';

/** Each as deployed: PP-OCR one worker using every core, tesseract.js one single-threaded worker per core (one page uses one). */
const engines: Record<string, () => Promise<OcrEngine>> = { paddle: () => PaddleEngine.start(availableParallelism()), tesseract: () => TesseractEngine.start() };

/** 3号 (16 pt) at 150 dpi is 33 px: the size official documents print their body and marks in. */
const size = 33;
const marks = ['秘密★1年', '机密★10年', '绝密★长期', '内部'];
const photos: Array<[string, Photo]> = [['clean', {}], ...photoConditions];

function pageLines(mark: string, seed: number): PageLine[] {
  const body = wrap(officialText(seed, 600), 30).slice(0, 20);
  return [
    { text: `0000${seed}`.slice(-6), x: 100, y: 110, size },
    { text: mark, x: 100, y: 160, size },
    { text: '关于做好汛期安全防范工作的通知', x: 200, y: 300, size: 44 },
    ...body.map((text, i) => ({ text, x: 110, y: 400 + i * 62, size })),
  ];
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

const squash = (s: string) => s.replace(/\s+/g, '');

interface EngineResult {
  engine: string;
  pages: number;
  marksFound: number;
  misses: string[];
  cer: number;
  secondsPerPage: number;
  verdictSeconds: number;
  startSeconds: number;
  peakMb: number;
}

async function measure(name: string): Promise<EngineResult> {
  const policy = loadPolicy('policies/default.yaml');
  let t = performance.now();
  const engine = await engines[name]!();
  const startSeconds = (performance.now() - t) / 1000;
  const scanner = new Scanner(policy, { ocr: new OcrPool({ size: 1, start: engines[name]!, cacheEntries: 0 }) });
  let errors = 0;
  let chars = 0;
  let ocrMs = 0;
  let verdictMs = 0;
  let found = 0;
  const misses: string[] = [];
  let seed = 1;
  for (const mark of marks) {
    for (const [effect, photo] of photos) {
      const lines = pageLines(mark, seed++);
      const image = await photograph(await renderPage(lines), photo);
      t = performance.now();
      const read = await engine.recognize(image);
      ocrMs += performance.now() - t;
      const truth = squash(lines.map((l) => l.text).join(''));
      errors += editDistance(squash(read.map((l) => l.text).join('')), truth);
      chars += truth.length;
      t = performance.now();
      const verdict = (await scanner.scan([{ part: 'file', file: photo.jpegQuality ? 'page.jpg' : 'page.png', bytes: image }])).decision.verdict;
      verdictMs += performance.now() - t;
      if (verdict === 'block') found++;
      else misses.push(`${mark} / ${effect}: ${verdict}`);
    }
  }
  await scanner.close();
  await engine.terminate();
  const pages = marks.length * photos.length;
  return { engine: name, pages, marksFound: found, misses, cer: errors / chars, secondsPerPage: ocrMs / pages / 1000, verdictSeconds: verdictMs / pages / 1000, startSeconds, peakMb: process.resourceUsage().maxRSS / 1024 };
}

const only = process.argv[2];
if (only) {
  process.stdout.write(JSON.stringify(await measure(only)));
} else {
  console.log('bench/ocr-engines.ts — 4 marks × 7 page conditions (clean and photographed), A4 at 150 dpi, body in 3号');
  for (const name of Object.keys(engines)) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), name], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    const r = JSON.parse(out.toString()) as EngineResult;
    console.log(
      `${r.engine.padEnd(10)} marks ${r.marksFound}/${r.pages}   CER ${(r.cer * 100).toFixed(1)}%   full page ${r.secondsPerPage.toFixed(2)} s   verdict ${r.verdictSeconds.toFixed(2)} s/page   start ${r.startSeconds.toFixed(1)} s   peak RSS ${r.peakMb.toFixed(0)} MB${r.misses.length ? `\n           missed: ${r.misses.join('; ')}` : ''}`,
    );
  }
}
