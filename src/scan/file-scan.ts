import { partSummary } from '../gateway/content-hash.js';
import type { Scanner, ScanPart } from '../scanner.js';
import type { RequestScan } from './request-scan.js';

/** What scanning content that is not a request (a crawled page, an attachment) gives back: plain data, so it can come from a worker thread. */
export type FileScan = Pick<RequestScan, 'parts' | 'findings' | 'decision' | 'timings'>;

/** A file to scan as published: its name (from the URL), its bytes, and the media type and charset it was served with. */
export interface PublishedFile {
  file: string;
  bytes: Buffer;
  declaredType?: string;
  charsets?: string[];
}

/** Scans published files with the same scanner and rules as the gateway's requests. */
export async function scanFiles(scanner: Scanner, files: PublishedFile[]): Promise<FileScan> {
  const parts: ScanPart[] = files.map((f) => ({ part: 'file', file: f.file, bytes: f.bytes, declaredType: f.declaredType, charsets: f.charsets }));
  const result = await scanner.scan(parts);
  const offset = result.documents.length - parts.length;
  return {
    parts: parts.map((p, i) => partSummary(p, result.documents[offset + i]?.mediaType)),
    findings: result.findings,
    decision: result.decision,
    timings: result.timings,
  };
}
