import type { RequestHead } from '../cms/adapter.js';
import type { Document, Page } from '../extract/document.js';
import { readRequest } from '../gateway/reading/request.js';
import { pageImage } from './page-image.js';
import type { FindingSummary } from '../store/store.js';
import type { PortalScanner } from './portal-scanners.js';

/** A held request read again for a reviewer: what each part is and the document the scanner made of it (plain data, so it can come from a worker). */
export interface HeldReading {
  parts: Array<{ part: string; file?: string; bytes: number; document: Document | undefined }>;
  /** Documents about the request itself (how it could not be read), before the parts'. */
  requestDocuments: Document[];
}

/** Reads a held request with the same reader and scanner as the gateway did, so the text and the findings' offsets agree. */
export async function readHeld(s: PortalScanner, head: RequestHead, body: Buffer): Promise<HeldReading> {
  const reading = readRequest(head, body, s.model, s.policy.limits);
  const result = await s.scanner.scan(reading.parts, reading.problems);
  const offset = result.documents.length - reading.parts.length;
  return {
    parts: reading.parts.map((p, i) => ({ part: p.part, file: p.file, bytes: p.bytes.length, document: result.documents[offset + i] })),
    requestDocuments: result.documents.slice(0, offset),
  };
}

/** What drawing one page of a held part needs besides the request: the page as read (its lines and size) and the findings to box. */
export interface PageToDraw {
  part: number;
  pageIndex: number;
  mediaType: string;
  page: Page;
  findings: FindingSummary[];
}

/** Draws a page of one part of a held request (the part's bytes found again by reading the request, no scan). */
export async function drawHeld(s: PortalScanner, head: RequestHead, body: Buffer, d: PageToDraw): Promise<Buffer> {
  const part = readRequest(head, body, s.model, s.policy.limits).parts[d.part];
  if (!part) throw new Error(`the request has no part ${d.part}`);
  return pageImage(part.bytes, d.mediaType, d.pageIndex, d.page, d.findings, s.policy.limits.imagePixels);
}
