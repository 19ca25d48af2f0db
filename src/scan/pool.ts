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
import type { HeldReading, PageToDraw } from './held-reading.js';
import type { RequestScan } from './request-scan.js';
import type { FileScan, PublishedFile } from './file-scan.js';
import type { ScanService } from './service.js';
import type { WorkerInit } from './worker.js';

/** What a worker is asked to do with a request: scan it (an editor's), read it again or draw a page of it (a reviewer's). */
type Task =
  | { type: 'scan'; portal: string; head: RequestHead; target: CmsTarget; body: Uint8Array }
  | { type: 'files'; portal: string; files: PublishedFile[]; page?: { url: string } }
  | { type: 'read'; portal: string; head: RequestHead; body: Uint8Array }
  | { type: 'draw'; portal: string; head: RequestHead; body: Uint8Array; page: PageToDraw };

/** Messages between the pool and a scan worker. */
export type ToWorker =
  | (Task & { id: number })
  | { type: 'registry'; id: number }
  | { type: 'ocr-result'; id: number; lines: Awaited<ReturnType<Ocr['recognize']>> }
  | { type: 'ocr-error'; id: number; kind: 'busy' | 'timeout' | 'failed'; message: string };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'scanned'; id: number; scan: RequestScan }
  | { type: 'files-scanned'; id: number; scan: FileScan }
  | { type: 'read-done'; id: number; reading: HeldReading }
  | { type: 'drawn'; id: number; png: Uint8Array }
  | { type: 'scan-error'; id: number; message: string }
  | { type: 'registry-done'; id: number }
  | { type: 'ocr'; id: number; image: Uint8Array };

type Problem = { code: UnscannableCode; detail: string };

interface Job {
  task: Task;
  bytes: number;
  /** The worker's answer, or the problem when there is none (past its time, a crash, shutting down, no room). */
  settle: (answer: FromWorker | undefined, problem: Problem) => void;
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
        // A replacement that got ready after the pool closed would keep the process alive for good.
        if (this.closed) return fail('the pool closed while it started');
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
    return new Promise((resolve) =>
      this.enqueue({ type: 'scan', portal, head, target, body }, (answer, problem) => {
        if (answer?.type === 'scanned') resolve(answer.scan);
        else resolve(this.problem(answer?.type === 'scan-error' ? 'internal-error' : problem.code, answer?.type === 'scan-error' ? answer.message : problem.detail));
      }),
    );
  }

  scanFiles(portal: string, files: PublishedFile[], page?: { url: string }): Promise<FileScan> {
    return new Promise((resolve) =>
      this.enqueue({ type: 'files', portal, files, page }, (answer, problem) => {
        if (answer?.type === 'files-scanned') resolve(answer.scan);
        else resolve(this.problem(answer?.type === 'scan-error' ? 'internal-error' : problem.code, answer?.type === 'scan-error' ? answer.message : problem.detail));
      }),
    );
  }

  /** A reviewer's reading runs where a scan does: under the same time and memory limits, off the event loop. */
  read(portal: string, head: RequestHead, body: Buffer): Promise<HeldReading> {
    return new Promise((resolve, reject) =>
      this.enqueue({ type: 'read', portal, head, body }, (answer, problem) => (answer?.type === 'read-done' ? resolve(answer.reading) : reject(new Error(answer?.type === 'scan-error' ? answer.message : problem.detail)))),
    );
  }

  draw(portal: string, head: RequestHead, body: Buffer, page: PageToDraw): Promise<Buffer> {
    return new Promise((resolve, reject) =>
      this.enqueue({ type: 'draw', portal, head, body, page }, (answer, problem) =>
        answer?.type === 'drawn' ? resolve(Buffer.from(answer.png.buffer, answer.png.byteOffset, answer.png.byteLength)) : reject(new Error(answer?.type === 'scan-error' ? answer.message : problem.detail)),
      ),
    );
  }

  private enqueue(task: Task, settle: Job['settle']): void {
    if (this.closed) return settle(undefined, { code: 'internal-error', detail: 'the gateway is shutting down' });
    // No worker to wait for (none running, none starting): answered now, not left waiting.
    if (!this.slots.length && !this.starting) return settle(undefined, { code: 'internal-error', detail: 'no scanner is running' });
    const bytes = task.type === 'files' ? task.files.reduce((n, f) => n + f.bytes.byteLength, 0) : task.body.byteLength;
    if (this.queue.length >= this.options.maxQueue || this.queuedBytes + bytes > this.options.maxQueueBytes) {
      return settle(undefined, { code: 'timeout', detail: `${this.queue.length} requests (${Math.round(this.queuedBytes / 1048576)} MB) already wait for a scanner` });
    }
    this.queue.push({ task, bytes, settle });
    this.queuedBytes += bytes;
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift()!;
      this.queuedBytes -= job.bytes;
      const id = this.next++;
      const timer = setTimeout(() => this.timedOut(slot), this.options.timeoutMs);
      slot.job = { id, job, timer };
      slot.worker.postMessage({ ...job.task, id } satisfies ToWorker);
    }
  }

  private finish(slot: Slot, answer: FromWorker | undefined, problem: Problem = { code: 'internal-error', detail: 'no answer' }): void {
    if (!slot.job) return;
    clearTimeout(slot.job.timer);
    const { job } = slot.job;
    slot.job = undefined;
    job.settle(answer, problem);
    this.pump();
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if ((m.type === 'scanned' || m.type === 'files-scanned' || m.type === 'read-done' || m.type === 'drawn' || m.type === 'scan-error') && slot.job?.id === m.id) this.finish(slot, m);
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
    this.retire(slot, { code: 'timeout', detail: `scan took longer than ${this.options.timeoutMs} ms` });
  }

  private onExit(slot: Slot, code: number): void {
    if (!this.slots.includes(slot)) return;
    this.options.logger.error({ code }, 'scan worker exited');
    this.options.onRestart?.('exit');
    this.retire(slot, { code: 'internal-error', detail: `the scanner stopped (exit ${code}): out of memory or a crash` });
  }

  private retire(slot: Slot, problem: Problem): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    void slot.worker.terminate();
    this.finish(slot, undefined, problem);
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
        if (this.closed) return;
        this.options.logger.error({ err: err.message, retryMs: this.backoffMs }, 'a scan worker could not be replaced');
        if (!this.slots.length && this.starting === 0) {
          for (const job of this.queue.splice(0)) job.settle(undefined, { code: 'internal-error', detail: err.message });
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
    const stopping: Problem = { code: 'internal-error', detail: 'the gateway is shutting down' };
    for (const job of this.queue.splice(0)) job.settle(undefined, stopping);
    this.queuedBytes = 0;
    for (const s of slots) if (s.job) this.finish(s, undefined, stopping);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
