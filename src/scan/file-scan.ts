import { readPage, type PageReading } from '../crawl/links.js';
import { partSummary } from '../gateway/content-hash.js';
import type { Scanner, ScanPart } from '../scanner.js';
import type { RequestScan } from './request-scan.js';

/** What scanning content that is not a request (a crawled page, an attachment) gives back: plain data, so it can come from a worker thread. */
export type FileScan = Pick<RequestScan, 'parts' | 'findings' | 'decision' | 'timings'> & {
  /** The page's title and links, when asked for (a crawled HTML page). */
  page?: PageReading;
};

/** A file to scan as published: its name (from the URL), its bytes, and the media type and charset it was served with. */
export interface PublishedFile {
  file: string;
  bytes: Buffer;
  declaredType?: string;
  charsets?: string[];
}

/** The page's title and links; a page whose markup cannot be read still has its findings, and says why it has no links. */
function pageOf(f: PublishedFile, url: string): PageReading {
  try {
    return readPage(f.bytes, f.charsets?.[0] ? `text/html; charset=${f.charsets[0]}` : '', url);
  } catch (err) {
    return { title: null, links: [], dropped: 0, unread: (err as Error).message };
  }
}

/**
 * Scans published files with the same scanner and rules as the gateway's
 * requests; with `page`, the first file is also read as that page for its
 * title and links (here, in the worker: hostile markup must not stall the
 * process that crawls).
 */
export async function scanFiles(scanner: Scanner, files: PublishedFile[], page?: { url: string }): Promise<FileScan> {
  const parts: ScanPart[] = files.map((f) => ({ part: 'file', file: f.file, bytes: f.bytes, declaredType: f.declaredType, charsets: f.charsets }));
  const result = await scanner.scan(parts);
  const offset = result.documents.length - parts.length;
  return {
    parts: parts.map((p, i) => partSummary(p, result.documents[offset + i]?.mediaType)),
    findings: result.findings,
    decision: result.decision,
    timings: result.timings,
    ...(page && files[0] ? { page: pageOf(files[0], page.url) } : {}),
  };
}
