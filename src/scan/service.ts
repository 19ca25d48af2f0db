import type { CmsTarget, RequestHead } from '../cms/adapter.js';
import { drawHeld, readHeld, type HeldReading, type PageToDraw } from './held-reading.js';
import type { PortalScanner, PortalScanners } from './portal-scanners.js';
import { scanRequest, type RequestScan } from './request-scan.js';
import { scanFiles, type FileScan, type PublishedFile } from './file-scan.js';

/** Where inspections are scanned: a pool of worker threads (the default), or in-process. */
export interface ScanService {
  /** Able to scan now (for /readyz). */
  readonly ready: boolean;
  /** Scans a request for one of the portals (by id) the service was given. */
  scan(portal: string, head: RequestHead, target: CmsTarget, body: Buffer): Promise<RequestScan>;
  /** Scans published content (a crawled page or attachment) under the same limits as a request; with `page`, reads its title and links too. */
  scanFiles(portal: string, files: PublishedFile[], page?: { url: string }): Promise<FileScan>;
  /** Reads a held request again for a reviewer, under the same limits as a scan (rejects when it cannot). */
  read(portal: string, head: RequestHead, body: Buffer): Promise<HeldReading>;
  /** Draws a page of a held request's part, with its boxes, as a PNG (rejects when it cannot). */
  draw(portal: string, head: RequestHead, body: Buffer, page: PageToDraw): Promise<Buffer>;
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

  private portal(id: string): PortalScanner {
    const s = this.scanners.get(id);
    if (!s) throw new Error(`no portal "${id}"`);
    return s;
  }

  async scan(portal: string, head: RequestHead, target: CmsTarget, body: Buffer): Promise<RequestScan> {
    const s = this.portal(portal);
    return scanRequest(s.scanner, s.model, s.policy, head, target, body);
  }

  async scanFiles(portal: string, files: PublishedFile[], page?: { url: string }): Promise<FileScan> {
    return scanFiles(this.portal(portal).scanner, files, page);
  }

  async read(portal: string, head: RequestHead, body: Buffer): Promise<HeldReading> {
    return readHeld(this.portal(portal), head, body);
  }

  async draw(portal: string, head: RequestHead, body: Buffer, page: PageToDraw): Promise<Buffer> {
    return drawHeld(this.portal(portal), head, body, page);
  }

  async registryChanged(): Promise<void> {}

  /** The scanners share the gateway's OCR engine, which the gateway closes. */
  async close(): Promise<void> {}
}
