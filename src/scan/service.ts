import type { CmsTarget, RequestHead } from '../cms/adapter.js';
import type { PortalScanners } from './portal-scanners.js';
import { scanRequest, type RequestScan } from './request-scan.js';

/** Where inspections are scanned: a pool of worker threads (the default), or in-process. */
export interface ScanService {
  /** Able to scan now (for /readyz). */
  readonly ready: boolean;
  /** Scans a request for one of the portals (by id) the service was given. */
  scan(portal: string, head: RequestHead, target: CmsTarget, body: Buffer): Promise<RequestScan>;
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
  constructor(private readonly scanners: PortalScanners) {}

  readonly ready = true;

  async scan(portal: string, head: RequestHead, target: CmsTarget, body: Buffer): Promise<RequestScan> {
    const s = this.scanners.get(portal);
    if (!s) throw new Error(`no portal "${portal}"`);
    return scanRequest(s.scanner, s.model, s.policy, head, target, body);
  }

  async registryChanged(): Promise<void> {}

  /** The scanners share the gateway's OCR engine, which the gateway closes. */
  async close(): Promise<void> {}
}
