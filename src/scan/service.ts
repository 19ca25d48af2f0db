import type { CmsTarget, ParsingModel, RequestHead } from '../cms/adapter.js';
import type { Policy } from '../policy/schema.js';
import type { Scanner } from '../scanner.js';
import { scanRequest, type RequestScan } from './request-scan.js';

/** Where inspections are scanned: a pool of worker threads (the default), or in-process. */
export interface ScanService {
  /** Able to scan now (for /readyz). */
  readonly ready: boolean;
  scan(head: RequestHead, target: CmsTarget, body: Buffer): Promise<RequestScan>;
  /** The registry changed (a document registered or removed here): resolves once every scanner sees it. */
  registryChanged(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Scans on the gateway's own thread: for an injected scanner (tests) and
 * `scan.workers: 0`. Its time limit catches a scan that waits (OCR, a stuck
 * extractor), not one that computes: that needs the worker pool.
 */
export class InlineScanService implements ScanService {
  constructor(
    private readonly scanner: Scanner,
    private readonly model: ParsingModel,
    private readonly policy: Policy,
  ) {}

  readonly ready = true;

  scan(head: RequestHead, target: CmsTarget, body: Buffer): Promise<RequestScan> {
    return scanRequest(this.scanner, this.model, this.policy, head, target, body);
  }

  async registryChanged(): Promise<void> {}

  async close(): Promise<void> {}
}
