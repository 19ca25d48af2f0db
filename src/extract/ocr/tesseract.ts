import { createRequire } from 'node:module';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import type { OcrEngine, OcrLine } from './engine.js';

const require = createRequire(import.meta.url);

/**
 * tesseract.js needs every language of a worker in one folder, and the data
 * comes in one npm package per language: link both into one folder (no
 * network, nothing downloaded). best_int models: same accuracy here, faster
 * start, less memory (measured: about 0.2 s and 220 MB per worker).
 */
function languageFolder(languages: string[]): string {
  const folder = join(tmpdir(), `baomi-tessdata-${process.getuid?.() ?? 0}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  for (const lang of languages) {
    const target = join(folder, `${lang}.traineddata.gz`);
    const source = join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int', `${lang}.traineddata.gz`);
    if (!existsSync(target)) symlinkSync(source, target);
  }
  return folder;
}

interface TesseractLine {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/** One tesseract.js worker (a worker thread) reading Chinese and English. */
export class TesseractEngine implements OcrEngine {
  readonly id = 'tesseract';
  private constructor(private readonly worker: Worker) {}

  static async start(languages = ['chi_sim', 'eng'], startTimeoutMs = 30_000): Promise<TesseractEngine> {
    const langPath = languageFolder(languages);
    let timer: NodeJS.Timeout | undefined;
    // With a broken data file createWorker can hang instead of failing: bound it.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`tesseract did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
    });
    try {
      const worker = await Promise.race([
        createWorker(languages.join('+'), OEM.LSTM_ONLY, {
          langPath,
          gzip: true,
          cacheMethod: 'none',
          // Without an errorHandler a failed job also throws inside the worker plumbing and kills the process.
          errorHandler: () => {},
        }),
        timeout,
      ]);
      return new TesseractEngine(worker);
    } finally {
      clearTimeout(timer);
    }
  }

  async recognize(image: Buffer): Promise<OcrLine[]> {
    const result = await this.worker.recognize(image, {}, { blocks: true, text: false });
    const lines: TesseractLine[] = (result.data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines as unknown as TesseractLine[]));
    return lines
      .map((l) => ({ text: l.text.trim(), confidence: l.confidence, box: { x: l.bbox.x0, y: l.bbox.y0, w: l.bbox.x1 - l.bbox.x0, h: l.bbox.y1 - l.bbox.y0 } }))
      .filter((l) => l.text);
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
