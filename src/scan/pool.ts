import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { CmsTarget, RequestHead } from '../cms/adapter.js';
import { decide } from '../detect/decide.js';
import { unscannable } from '../detect/detector.js';
import { emptyDocument, type UnscannableCode } from '../extract/document.js';
import type { Ocr } from '../extract/ocr/engine.js';
import { OcrBusyError, OcrTimeoutError } from '../extract/ocr/pool.js';
import type { Policy } from '../policy/schema.js';
import { startWorker } from '../worker-script.js';
import type { RequestScan } from './request-scan.js';
import type { ScanService } from './service.js';
import type { WorkerInit } from './worker.js';

/** Messages between the pool and a scan worker. */
export type ToWorker =
  | { type: 'scan'; id: number; portal: string; head: RequestHead; target: CmsTarget; body: Uint8Array }
  | { type: 'registry'; id: number }
  | { type: 'ocr-result'; id: number; lines: Awaited<ReturnType<Ocr['recognize']>> }
  | { type: 'ocr-error'; id: number; kind: 'busy' | 'timeout' | 'failed'; message: string };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'scanned'; id: number; scan: RequestScan }
  | { type: 'scan-error'; id: number; message: string }
  | { type: 'registry-done'; id: number }
  | { type: 'ocr'; id: number; image: Uint8Array };

interface Job {
  portal: string;
  head: RequestHead;
  target: CmsTarget;
  body: Buffer;
  resolve: (scan: RequestScan) => void;
}

interface Slot {
  worker: Worker;
  job?: { id: number; job: Job; timer: NodeJS.Timeout };
}

export interface ScanPoolOptions {
  size: number;
  maxQueue: number;
  /** Body bytes waiting for a worker at most. */
  maxQueueBytes: number;
  timeoutMs: number;
  memoryMb: number;
  init: WorkerInit;
  policy: Policy;
  ocr?: Ocr;
  logger: Logger;
  /** Called when a worker is replaced (for the restart counter). */
  onRestart?: (reason: 'timeout' | 'exit') => void;
}

/**
 * Scans in worker threads, so that a request that takes seconds of CPU
 * (a huge form, a long PDF) neither stalls the requests streaming past the
 * gateway nor outlives its time limit: a worker past `timeoutMs` is
 * terminated — JavaScript in the middle of a loop included — replaced, and
 * its request held. A worker that dies (out of memory, a crash) holds its
 * request the same way. OCR stays in the gateway's one pool (its engines
 * are big): workers ask for it by message.
 */
export class WorkerScanPool implements ScanService {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private next = 0;
  private closed = false;
  private queuedBytes = 0;
  /** Workers being started: requests wait for them, not for a worker that will never come. */
  private starting = 0;
  /** Delay before the next attempt to replace a worker that could not be started. */
  private backoffMs = 500;
  private readonly registryAcks = new Map<number, () => void>();

  private constructor(private readonly options: ScanPoolOptions) {}

  static async start(options: ScanPoolOptions): Promise<WorkerScanPool> {
    const pool = new WorkerScanPool(options);
    try {
      await Promise.all(Array.from({ length: options.size }, () => pool.spawn()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** Starts a worker and resolves when it is ready to scan. */
  private spawn(): Promise<Slot> {
    this.starting++;
    return this.start().finally(() => this.starting--);
  }

  private start(): Promise<Slot> {
    // A heap limit of its own: a request that would take gigabytes ends this worker (and is held), not the gateway.
    const worker = startWorker(import.meta.url, './worker', this.options.init, { maxOldGenerationSizeMb: this.options.memoryMb });
    const slot: Slot = { worker };
    return new Promise((resolve, reject) => {
      let started = false;
      const fail = (message: string) => {
        clearTimeout(timer);
        if (started) return;
        void worker.terminate();
        reject(new Error(`a scan worker did not start: ${message}`));
      };
      const timer = setTimeout(() => fail('no answer within 60 s'), 60_000);
      worker.on('message', (m: FromWorker) => {
        if (started) return this.onMessage(slot, m);
        if (m.type === 'failed') return fail(m.message);
        if (m.type !== 'ready') return;
        started = true;
        clearTimeout(timer);
        this.slots.push(slot);
        this.pump();
        resolve(slot);
      });
      worker.on('error', (err) => {
        this.options.logger.error({ err: err.message }, 'scan worker failed');
        fail(err.message);
      });
      worker.on('exit', (code) => (started ? this.onExit(slot, code) : fail(`exit ${code}`)));
    });
  }

  /** At least one worker is running. */
  get ready(): boolean {
    return !this.closed && this.slots.length > 0;
  }

  scan(portal: string, head: RequestHead, target: CmsTarget, body: Buffer): Promise<RequestScan> {
    if (this.closed) return Promise.resolve(this.problem('internal-error', 'the gateway is shutting down'));
    // No worker to wait for (none running, none starting): answered now, not left waiting.
    if (!this.slots.length && !this.starting) return Promise.resolve(this.problem('internal-error', 'no scanner is running'));
    if (this.queue.length >= this.options.maxQueue || this.queuedBytes + body.length > this.options.maxQueueBytes) {
      return Promise.resolve(this.problem('timeout', `${this.queue.length} requests (${Math.round(this.queuedBytes / 1048576)} MB) already wait for a scanner`));
    }
    return new Promise((resolve) => {
      this.queue.push({ portal, head, target, body, resolve });
      this.queuedBytes += body.length;
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift()!;
      this.queuedBytes -= job.body.length;
      const id = this.next++;
      const timer = setTimeout(() => this.timedOut(slot), this.options.timeoutMs);
      slot.job = { id, job, timer };
      slot.worker.postMessage({ type: 'scan', id, portal: job.portal, head: job.head, target: job.target, body: job.body } satisfies ToWorker);
    }
  }

  private finish(slot: Slot, scan: RequestScan): void {
    if (!slot.job) return;
    clearTimeout(slot.job.timer);
    const { job } = slot.job;
    slot.job = undefined;
    job.resolve(scan);
    this.pump();
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'scanned' && slot.job?.id === m.id) this.finish(slot, m.scan);
    else if (m.type === 'scan-error' && slot.job?.id === m.id) this.finish(slot, this.problem('internal-error', m.message));
    else if (m.type === 'registry-done') this.registryAcks.get(m.id)?.();
    else if (m.type === 'ocr') this.ocr(slot, m.id, Buffer.from(m.image.buffer, m.image.byteOffset, m.image.byteLength));
  }

  private ocr(slot: Slot, id: number, image: Buffer): void {
    const reply = (m: ToWorker) => {
      try {
        slot.worker.postMessage(m);
      } catch {
        /* the worker is gone */
      }
    };
    if (!this.options.ocr) return reply({ type: 'ocr-error', id, kind: 'failed', message: 'OCR is disabled' });
    this.options.ocr.recognize(image).then(
      (lines) => reply({ type: 'ocr-result', id, lines }),
      (err: Error) => reply({ type: 'ocr-error', id, kind: err instanceof OcrBusyError ? 'busy' : err instanceof OcrTimeoutError ? 'timeout' : 'failed', message: err.message }),
    );
  }

  /** Past its time: the worker is stopped wherever it is, and replaced. */
  private timedOut(slot: Slot): void {
    this.options.logger.warn({ timeoutMs: this.options.timeoutMs }, 'scan took too long: worker terminated');
    this.options.onRestart?.('timeout');
    this.retire(slot, this.problem('timeout', `scan took longer than ${this.options.timeoutMs} ms`));
  }

  private onExit(slot: Slot, code: number): void {
    if (!this.slots.includes(slot)) return;
    this.options.logger.error({ code }, 'scan worker exited');
    this.options.onRestart?.('exit');
    this.retire(slot, this.problem('internal-error', `the scanner stopped (exit ${code}): out of memory or a crash`));
  }

  private retire(slot: Slot, result: RequestScan): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    void slot.worker.terminate();
    this.finish(slot, result);
    this.replace();
  }

  /** Starts a replacement, retrying with a growing delay while it fails; meanwhile no request waits for it in vain. */
  private replace(): void {
    if (this.closed) return;
    this.spawn().then(
      () => {
        this.backoffMs = 500;
      },
      (err: Error) => {
        this.options.logger.error({ err: err.message, retryMs: this.backoffMs }, 'a scan worker could not be replaced');
        if (!this.slots.length && this.starting === 0) {
          for (const job of this.queue.splice(0)) job.resolve(this.problem('internal-error', err.message));
          this.queuedBytes = 0;
        }
        setTimeout(() => this.replace(), this.backoffMs).unref();
        this.backoffMs = Math.min(30_000, this.backoffMs * 2);
      },
    );
  }

  /** An unscannable result: the request is held (or, with failMode open, let through) with the reason. */
  private problem(code: UnscannableCode, detail: string): RequestScan {
    const finding = unscannable(emptyDocument('request', 'message/http'), code, detail, this.options.policy.detection);
    return { parts: [], findings: [finding], decision: decide([finding], this.options.policy), timings: {}, contentHash: undefined, fileName: undefined };
  }

  async registryChanged(): Promise<void> {
    await Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            const id = this.next++;
            const timer = setTimeout(done, 10_000);
            function done() {
              clearTimeout(timer);
              resolve();
            }
            this.registryAcks.set(id, () => {
              this.registryAcks.delete(id);
              done();
            });
            slot.worker.postMessage({ type: 'registry', id } satisfies ToWorker);
          }),
      ),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    const stopping = () => this.problem('internal-error', 'the gateway is shutting down');
    for (const job of this.queue.splice(0)) job.resolve(stopping());
    this.queuedBytes = 0;
    for (const s of slots) if (s.job) this.finish(s, stopping());
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
