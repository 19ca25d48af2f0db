import type { Document } from '../extract/document.js';
import { hasBody } from '../gateway/capture.js';
import { endToEnd, headersOf } from '../gateway/headers.js';
import { readRequest } from '../gateway/reading/request.js';
import type { HoldService } from '../review/holds.js';
import type { ScanPart } from '../scanner.js';
import type { PortalScanners } from '../scan/portal-scanners.js';
import type { HoldRecord, User } from '../store/store.js';

/** A held request read again for the reviewer: every part's bytes and the document the scanner made of it. */
export interface HoldContent {
  /** Parts as the CMS reads them, with their documents (same index). */
  parts: Array<{ part: ScanPart; document: Document | undefined }>;
  /** Documents about the request itself (how it could not be read), before the parts'. */
  requestDocuments: Document[];
}

/**
 * Opens a held request and reads it the way the gateway did (the same
 * reader and scanner, so the text and the findings' offsets agree), for
 * the item page and its page images. Kept a few minutes per reader, so an
 * item page and its images are one read (and one audit entry).
 */
export class HoldViewer {
  private readonly cache = new Map<string, { at: number; content: Promise<HoldContent | undefined> }>();

  constructor(
    private readonly holds: HoldService,
    private readonly scanners: PortalScanners,
    private readonly keepMs = 5 * 60_000,
    private readonly keepItems = 32,
  ) {}

  content(hold: HoldRecord, reader: User): Promise<HoldContent | undefined> {
    const key = `${hold.id}\n${reader.name}`;
    const now = Date.now();
    for (const [k, v] of this.cache) if (v.at < now - this.keepMs) this.cache.delete(k);
    const kept = this.cache.get(key);
    if (kept) return kept.content;
    const content = this.read(hold, reader).catch(() => undefined);
    this.cache.set(key, { at: now, content });
    // Held content is hostile and may be large: only the last few reads stay in memory.
    while (this.cache.size > this.keepItems) this.cache.delete(this.cache.keys().next().value!);
    return content;
  }

  private async read(hold: HoldRecord, reader: User): Promise<HoldContent | undefined> {
    const scanner = this.scanners.get(hold.portal);
    const raw = scanner && (await this.holds.opened(hold.id, reader));
    if (!scanner || !raw) return undefined;
    const rawHeaders = endToEnd(raw.rawHeaders);
    const headers = headersOf(rawHeaders);
    const reading = readRequest({ method: raw.method, url: raw.url, headers, rawHeaders, remoteAddress: undefined, hasBody: hasBody(headers) }, raw.body, scanner.model, scanner.policy.limits);
    const result = await scanner.scanner.scan(reading.parts, reading.problems);
    const offset = result.documents.length - reading.parts.length;
    return { parts: reading.parts.map((part, i) => ({ part, document: result.documents[offset + i] })), requestDocuments: result.documents.slice(0, offset) };
  }
}
