import type { RequestHead } from '../cms/adapter.js';
import { hasBody } from '../gateway/capture.js';
import { endToEnd, headersOf } from '../gateway/headers.js';
import type { HoldService } from '../review/holds.js';
import type { RawRequest } from '../seal/seal.js';
import type { HeldReading, PageToDraw } from '../scan/held-reading.js';
import type { ScanService } from '../scan/service.js';
import type { HoldRecord, User } from '../store/store.js';

/** A held request opened for one reader, and what reading it again found (or why it could not be read). */
export interface HoldContent {
  reading: HeldReading | undefined;
  /** Why it could not be read again (the scan limits, a worker lost): the item page says so. */
  problem?: string;
  raw: RawRequest;
}

function headOf(raw: RawRequest): RequestHead {
  const rawHeaders = endToEnd(raw.rawHeaders);
  const headers = headersOf(rawHeaders);
  return { method: raw.method, url: raw.url, headers, rawHeaders, remoteAddress: undefined, hasBody: hasBody(headers) };
}

/**
 * Opens held requests for the item page and has them read again where
 * scans run (a scan worker: held content is hostile, and a reading that
 * runs past the scan time limit is stopped there, not on the event loop
 * that forwards the portal's traffic). Kept a few minutes per reader, so an
 * item page and its page images are one opening (and one audit entry).
 */
export class HoldViewer {
  private readonly cache = new Map<string, { at: number; content: Promise<HoldContent | undefined> }>();

  constructor(
    private readonly holds: HoldService,
    private readonly scans: ScanService,
    private readonly keepMs = 5 * 60_000,
    private readonly keepItems = 32,
  ) {}

  content(hold: HoldRecord, reader: User): Promise<HoldContent | undefined> {
    const key = `${hold.id}\n${reader.name}`;
    const now = Date.now();
    for (const [k, v] of this.cache) if (v.at < now - this.keepMs) this.cache.delete(k);
    const kept = this.cache.get(key);
    if (kept) return kept.content;
    const content = this.read(hold, reader);
    this.cache.set(key, { at: now, content });
    // Held content may be large: only the last few openings stay in memory.
    while (this.cache.size > this.keepItems) this.cache.delete(this.cache.keys().next().value!);
    content.catch(() => this.cache.delete(key));
    return content;
  }

  private async read(hold: HoldRecord, reader: User): Promise<HoldContent | undefined> {
    const raw = await this.holds.opened(hold.id, reader);
    if (!raw) return undefined;
    try {
      return { raw, reading: await this.scans.read(hold.portal, headOf(raw), raw.body) };
    } catch (err) {
      return { raw, reading: undefined, problem: (err as Error).message };
    }
  }

  /** One page of a part drawn with its boxes, by a scan worker. */
  draw(hold: HoldRecord, content: HoldContent, page: PageToDraw): Promise<Buffer> {
    return this.scans.draw(hold.portal, headOf(content.raw), content.raw.body, page);
  }
}
