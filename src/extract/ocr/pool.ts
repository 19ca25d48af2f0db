import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Ocr, OcrEngine, OcrLine } from './engine.js';

export class OcrBusyError extends Error {}
export class OcrTimeoutError extends Error {}

export interface OcrPoolOptions {
  /** Engines (worker threads) at most; default: the machine's cores. */
  size?: number;
  /** Jobs waiting beyond the running ones; past it a job is refused (and its request held). */
  maxQueue?: number;
  timeoutMs?: number;
  cacheEntries?: number;
  start: () => Promise<OcrEngine>;
}

interface Job {
  image: Buffer;
  resolve: (lines: OcrLine[]) => void;
  reject: (err: Error) => void;
}

/**
 * A pool of OCR engines sized to the cores, started on first use, with a
 * bounded queue, a per-job timeout (a stuck engine is replaced), and a cache
 * by image sha256 (the same scan is often uploaded again, e.g. after a hold).
 */
export class OcrPool implements Ocr {
  private readonly idle: OcrEngine[] = [];
  /** Every live engine, idle or busy, so close() ends them all (their threads keep the process alive). */
  private readonly engines = new Set<OcrEngine>();
  private readonly queue: Job[] = [];
  private readonly cache = new Map<string, OcrLine[]>();
  private starting = 0;
  private running = 0;
  private closed = false;
  private readonly size: number;
  private readonly maxQueue: number;
  private readonly timeoutMs: number;
  private readonly cacheEntries: number;

  constructor(private readonly options: OcrPoolOptions) {
    this.size = options.size ?? Math.max(1, availableParallelism());
    this.maxQueue = options.maxQueue ?? 64;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.cacheEntries = options.cacheEntries ?? 256;
  }

  private cacheHits = 0;
  /** Why the last engine failed to start; cleared when one starts. */
  private startError: Error | undefined;

  private warming = false;

  /** Up: not closed, not still warming, and the last engine start (if any) succeeded. */
  get ready(): boolean {
    return !this.closed && !this.warming && !this.startError;
  }

  /** Starts one engine ahead of the first upload (its start-up is then not an editor's wait). */
  async warm(): Promise<void> {
    if (this.engines.size || this.starting) return;
    this.starting++;
    this.warming = true;
    try {
      const engine = await this.options.start();
      this.startError = undefined;
      if (this.closed) return void (await engine.terminate());
      this.engines.add(engine);
      this.idle.push(engine);
    } catch (err) {
      this.startError = err as Error;
      throw err;
    } finally {
      this.starting--;
      this.warming = false;
      this.pump();
    }
  }

  get stats(): { engines: number; busy: number; queued: number; cached: number; cacheHits: number } {
    return { engines: this.idle.length + this.running, busy: this.running, queued: this.queue.length, cached: this.cache.size, cacheHits: this.cacheHits };
  }

  async recognize(image: Buffer): Promise<OcrLine[]> {
    if (this.closed) throw new Error('OCR pool is closed');
    const key = createHash('sha256').update(image).digest('hex');
    const hit = this.cache.get(key);
    if (hit) {
      this.cacheHits++;
      return hit;
    }
    if (this.queue.length >= this.maxQueue) throw new OcrBusyError(`OCR queue is full (${this.maxQueue} waiting)`);
    const lines = await new Promise<OcrLine[]>((resolve, reject) => {
      this.queue.push({ image, resolve, reject });
      this.pump();
    });
    this.cache.set(key, lines);
    if (this.cache.size > this.cacheEntries) this.cache.delete(this.cache.keys().next().value!);
    return lines;
  }

  private pump(): void {
    while (this.queue.length && this.idle.length) this.run(this.idle.pop()!, this.queue.shift()!);
    if (this.queue.length && this.idle.length + this.running + this.starting < this.size) {
      this.starting++;
      this.options
        .start()
        .then((engine) => {
          this.starting--;
          this.startError = undefined;
          if (this.closed) return void engine.terminate();
          this.engines.add(engine);
          this.idle.push(engine);
          this.pump();
        })
        .catch((err: Error) => {
          this.starting--;
          this.startError = err;
          // No engine could start: fail what waits, so those requests are held.
          for (const job of this.queue.splice(0)) job.reject(err);
        });
    }
  }

  private run(engine: OcrEngine, job: Job): void {
    this.running++;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      job.reject(new OcrTimeoutError(`OCR took longer than ${this.timeoutMs} ms`));
      // The engine may be stuck: replace it rather than reuse it.
      this.running--;
      this.engines.delete(engine);
      void engine.terminate().catch(() => {});
      this.pump();
    }, this.timeoutMs);
    const settle = (finish: () => void) => {
      if (timedOut) return;
      clearTimeout(timer);
      this.running--;
      if (engine.alive === false) this.engines.delete(engine);
      else this.idle.push(engine);
      finish();
      this.pump();
    };
    engine.recognize(job.image).then(
      (lines) => settle(() => job.resolve(lines)),
      (err: Error) => settle(() => job.reject(err)),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('OCR pool closed'));
    this.idle.length = 0;
    await Promise.all([...this.engines].map((e) => e.terminate().catch(() => {})));
    this.engines.clear();
  }
}
