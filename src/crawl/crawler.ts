import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { load } from 'cheerio';
import type { Logger } from 'pino';
import type { PublishedService } from '../review/published.js';
import type { FileScan } from '../scan/file-scan.js';
import type { ScanService } from '../scan/service.js';
import { findingSummary } from '../store/rows.js';
import type { CrawledPage, CrawlOutcome, CrawlRun, CrawlTask, Store } from '../store/store.js';
import type { Fetched, PoliteFetcher } from './fetcher.js';
import { linksIn } from './links.js';
import { CrawlScope } from './scope.js';
import { readSitemap } from './sitemap.js';
import { readListing } from './wordpress.js';

/** Where a crawl starts and what it calls itself (a resumed crawl is one with the same portal and source). */
export interface CrawlSource {
  /** e.g. `start http://portal/`, `sitemap http://portal/sitemap.xml`, `wordpress http://portal/`. */
  name: string;
  seeds: CrawlTask[];
}

export interface CrawlSettings {
  portal: string;
  concurrency: number;
  /** Pages (not attachments) fetched at most in a run. */
  maxPages: number;
  /** Compare with the last crawl (conditional requests, content hashes); false scans everything again. */
  incremental: boolean;
  /** Start afresh even if the last crawl of this source did not finish. */
  restart: boolean;
}

/** What the crawl reports as it goes (the progress display, metrics). */
export interface CrawlEvents {
  /** The run is known (a new one, or the one resumed). */
  started?(run: number): void;
  settled?(task: CrawlTask, outcome: CrawlOutcome): void;
  found?(outcome: 'new' | 'seen' | 'reopened', verdict: 'hold' | 'block'): void;
}

export interface CrawlSummary {
  run: CrawlRun;
  resumed: boolean;
  stats: Record<string, number>;
}

export interface CrawlerDeps {
  store: Store;
  scans: ScanService;
  fetcher: PoliteFetcher;
  scope: CrawlScope;
  published: PublishedService;
  logger: Logger;
  events?: CrawlEvents;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const isHtml = (type: string, body: Buffer) => /\b(?:text\/html|application\/xhtml\+xml)\b/i.test(type) || (!type && /^\s*<(?:!doctype html|html)/i.test(body.subarray(0, 512).toString('latin1')));
const charsetOf = (type: string) => /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(type)?.[1];

/** A page's text for its links and title: in the charset it is served with or declares (GBK portals are common), else UTF-8. */
function pageText(body: Buffer, contentType: string): string {
  const declared = charsetOf(contentType) ?? /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(body);
  } catch {
    return body.toString('utf8');
  }
}

/** A file name for a scanned URL: its last path segment, else the host. */
function fileName(url: URL, html: boolean): string {
  const raw = basename(url.pathname);
  let last: string;
  try {
    last = decodeURIComponent(raw).slice(0, 120);
  } catch {
    last = raw.slice(0, 120); // a stray % is part of the name
  }
  if (last && last.includes('.')) return last;
  return `${last || url.hostname}${html ? '.html' : ''}`;
}

/**
 * Crawls a portal's published content: a frontier of tasks kept in the store
 * (flat memory, resumable), fetched politely, each page and attachment
 * scanned by the gateway's own scanner; what it flags becomes an
 * already-published item for review. One bad page is recorded with its
 * reason and the crawl goes on.
 */
export class Crawler {
  private pagesTaken = 0;

  constructor(
    private readonly deps: CrawlerDeps,
    private readonly settings: CrawlSettings,
  ) {}

  async run(source: CrawlSource, signal?: AbortSignal): Promise<CrawlSummary> {
    const { store } = this.deps;
    const { portal } = this.settings;
    const previous = this.settings.restart ? undefined : await store.crawls.unfinished(portal, source.name);
    if (previous) await store.crawls.unclaim(previous.id);
    else if (this.settings.restart) {
      const stale = await store.crawls.unfinished(portal, source.name);
      if (stale) await store.crawls.end(stale.id, 'stopped', Date.now(), stale.stats);
    }
    const run = previous ?? (await store.crawls.begin(portal, source.name, Date.now()));
    await store.crawls.enqueue(run.id, source.seeds);
    this.deps.events?.started?.(run.id);
    const before = await store.crawls.tally(run.id);
    this.pagesTaken = before.kinds.page ?? 0;
    const inflight = new Set<Promise<void>>();
    while (!signal?.aborted) {
      const room = this.settings.concurrency - inflight.size;
      const tasks = room > 0 ? await store.crawls.claim(run.id, room) : [];
      for (const task of tasks) {
        const job = this.settle(run.id, task).finally(() => inflight.delete(job));
        inflight.add(job);
      }
      if (!inflight.size) break;
      if (!tasks.length || inflight.size >= this.settings.concurrency) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    const tally = await store.crawls.tally(run.id);
    const stats: Record<string, number> = { ...tally.kinds, ...tally.outcomes, queued: tally.queued + tally.claimed };
    const state = signal?.aborted ? 'stopped' : 'finished';
    await store.crawls.end(run.id, state, Date.now(), stats);
    return { run: { ...run, state, finishedAt: Date.now(), stats }, resumed: previous !== undefined, stats };
  }

  private async settle(run: number, task: CrawlTask): Promise<void> {
    let outcome: CrawlOutcome;
    try {
      outcome = await this.visit(run, task);
    } catch (err) {
      // A bug or a store hiccup on one task: recorded, and the crawl goes on.
      this.deps.logger.error({ url: task.url, err: (err as Error).message }, 'crawl task failed');
      outcome = { outcome: 'unscanned', detail: `internal-error: ${(err as Error).message}` };
    }
    await this.deps.store.crawls.settle(run, task.url, outcome);
    this.deps.events?.settled?.(task, outcome);
  }

  private async visit(run: number, task: CrawlTask): Promise<CrawlOutcome> {
    const { store, fetcher } = this.deps;
    if (task.kind === 'page' && ++this.pagesTaken > this.settings.maxPages) return { outcome: 'skipped', detail: 'max-pages' };
    const last = this.settings.incremental && (task.kind === 'page' || task.kind === 'attachment') ? await store.crawls.page(this.settings.portal, task.url) : undefined;
    const accept = task.kind === 'wp-list' ? 'application/json' : task.kind === 'sitemap' ? 'application/xml, text/xml, */*' : '*/*';
    const got = await fetcher.fetch(task.url, last, accept);
    if (got.kind === 'failed') return { outcome: 'unscanned', detail: `${got.reason}: ${got.detail}` };
    if (got.kind === 'redirect') return this.redirected(run, task, got);
    if (got.kind === 'not-modified') {
      // A 304 nobody asked for (no validators were sent) says nothing of the content.
      if (!last) return { outcome: 'unscanned', detail: 'http-304: 304 Not Modified to an unconditional request' };
      await this.unchanged(run, task, last);
      return { outcome: 'unchanged', detail: 'not-modified' };
    }
    switch (task.kind) {
      case 'sitemap':
        return this.sitemap(run, task, got.body);
      case 'wp-list':
        return this.listing(run, task, got);
      default:
        return this.document(run, task, got, last);
    }
  }

  /** A redirect is followed as a new task (so a loop ends when it comes back to a URL the run has), within the site only. */
  private async redirected(run: number, task: CrawlTask, got: Extract<Fetched, { kind: 'redirect' }>): Promise<CrawlOutcome> {
    const to = got.location === undefined ? undefined : CrawlScope.resolve(got.location, task.url);
    if (!to) return { outcome: 'unscanned', detail: `bad-redirect: ${got.status} without a usable Location` };
    const refused = this.deps.scope.onSite(to) ? undefined : 'off-site';
    if (refused) return { outcome: 'unscanned', detail: `redirect-off-site: ${got.status} to ${to.href}` };
    const fresh = await this.deps.store.crawls.enqueue(run, [{ ...task, url: to.href }]);
    return { outcome: 'skipped', detail: `redirect: ${got.status} to ${to.href}${fresh ? '' : ' (already in this crawl)'}` };
  }

  private async sitemap(run: number, task: CrawlTask, body: Buffer): Promise<CrawlOutcome> {
    let map;
    try {
      map = readSitemap(body);
    } catch (err) {
      return { outcome: 'unscanned', detail: `bad-sitemap: ${(err as Error).message}` };
    }
    const tasks: CrawlTask[] = [];
    for (const [urls, kind] of [[map.sitemaps, 'sitemap'], [map.pages, 'page']] as const) {
      for (const href of urls) {
        const url = CrawlScope.resolve(href, task.url);
        const k = kind === 'page' && url ? CrawlScope.kindOf(url) : kind;
        if (url && !this.deps.scope.refuses(url, k === 'sitemap' ? 'page' : k, 0)) tasks.push({ url: url.href, kind: k, depth: 0, referrer: task.url });
      }
    }
    const added = await this.deps.store.crawls.enqueue(run, tasks);
    return { outcome: 'read', detail: `${map.pages.length} pages, ${map.sitemaps.length} sitemaps, ${added} new` };
  }

  /** A page of a WordPress REST listing: its posts scanned here, its other pages and media queued. */
  private async listing(run: number, task: CrawlTask, got: Extract<Fetched, { kind: 'ok' }>): Promise<CrawlOutcome> {
    let listing;
    try {
      listing = readListing(task.url, got.body, got.headers.get('x-wp-totalpages'));
    } catch (err) {
      return { outcome: 'unscanned', detail: `bad-listing: ${(err as Error).message}` };
    }
    const { store } = this.deps;
    const queued: CrawlTask[] = listing.more.map((url) => ({ url, kind: 'wp-list', depth: 0, referrer: null }));
    for (const m of listing.media) {
      const url = CrawlScope.resolve(m.url, task.url);
      if (url && !this.deps.scope.refuses(url, 'attachment', 1)) queued.push({ url: url.href, kind: 'attachment', depth: 1, referrer: m.referrer });
    }
    await store.crawls.enqueue(run, queued);
    let scanned = 0;
    for (const item of listing.items) {
      // Claimed in the frontier first: an item this run scanned already (a resumed crawl) is not scanned twice.
      if (!(await store.crawls.enqueue(run, [{ url: item.url, kind: 'page', depth: 0, referrer: task.url }], true))) continue;
      const bytes = Buffer.from(item.html);
      const outcome = await this.scanned(run, { url: item.url, kind: 'page', depth: 0, referrer: task.url }, bytes, 'text/html; charset=utf-8', item.title, null, [], await this.lastOf(item.url));
      await store.crawls.settle(run, item.url, outcome);
      this.deps.events?.settled?.({ url: item.url, kind: 'page', depth: 0, referrer: task.url }, outcome);
      scanned++;
    }
    return { outcome: 'read', detail: `${listing.items.length} items (${scanned} new to this crawl), ${listing.media.length} media, ${listing.more.length} more pages` };
  }

  private lastOf(url: string): Promise<CrawledPage | undefined> {
    return this.settings.incremental ? this.deps.store.crawls.page(this.settings.portal, url) : Promise.resolve(undefined);
  }

  /** A page or attachment fetched: its links queued (pages only), its content scanned unless it is what the last crawl scanned. */
  private async document(run: number, task: CrawlTask, got: Extract<Fetched, { kind: 'ok' }>, last: CrawledPage | undefined): Promise<CrawlOutcome> {
    const html = isHtml(got.contentType, got.body);
    const url = new URL(task.url);
    let title: string | null = null;
    const links: CrawlTask[] = [];
    if (html && task.kind === 'page') {
      const text = pageText(got.body, got.contentType);
      title = load(text)('title').first().text().trim() || null;
      for (const link of linksIn(text, url)) {
        if (!this.deps.scope.refuses(link.url, link.kind, task.depth + 1)) links.push({ url: link.url.href, kind: link.kind, depth: task.depth + 1, referrer: task.url });
      }
    }
    return this.scanned(run, task, got.body, got.contentType, title, { etag: got.etag, lastModified: got.lastModified }, links, last, html);
  }

  private async scanned(
    run: number,
    task: CrawlTask,
    bytes: Buffer,
    contentType: string,
    title: string | null,
    validators: { etag: string | null; lastModified: string | null } | null,
    links: CrawlTask[],
    last: CrawledPage | undefined,
    html = true,
  ): Promise<CrawlOutcome> {
    const { store, published } = this.deps;
    const hash = sha256(bytes);
    await store.crawls.enqueue(run, links);
    const page = (verdict: string): CrawledPage => ({ etag: validators?.etag ?? null, lastModified: validators?.lastModified ?? null, sha256: hash, verdict, links, checkedAt: Date.now() });
    if (last && last.sha256 === hash) {
      await this.sighted(run, task, last);
      await store.crawls.savePage(this.settings.portal, task.url, page(last.verdict));
      return { outcome: 'unchanged', detail: 'same-content' };
    }
    const charset = charsetOf(contentType);
    const scan: FileScan = await this.deps.scans.scanFiles(this.settings.portal, [
      { file: fileName(new URL(task.url), html), bytes, declaredType: contentType.split(';')[0]!.trim() || undefined, ...(charset ? { charsets: [charset] } : {}) },
    ]);
    const verdict = scan.decision.verdict;
    if (verdict !== 'allow') {
      const found = await published.found({
        portal: this.settings.portal,
        url: task.url,
        pageUrl: task.kind === 'attachment' ? (task.referrer ?? task.url) : task.url,
        title,
        sha256: hash,
        verdict,
        findings: scan.findings.map(findingSummary),
        run,
      });
      this.deps.events?.found?.(found.outcome, verdict);
    }
    await store.crawls.savePage(this.settings.portal, task.url, page(verdict));
    const unscannable = scan.findings.filter((f) => f.category === 'unscannable');
    if (verdict !== 'block' && unscannable.length) return { outcome: 'unscanned', detail: unscannable.map((f) => `${f.rule.replace(/^unscannable\./, '')}: ${f.evidence}`).join('; ') };
    return { outcome: verdict };
  }

  /** Content unchanged since the last crawl: its links are followed again, and a flagged item is marked seen (one taken down but still online opens again). */
  private async unchanged(run: number, task: CrawlTask, last: CrawledPage): Promise<void> {
    await this.deps.store.crawls.enqueue(run, last.links);
    await this.sighted(run, task, last);
  }

  private async sighted(run: number, task: CrawlTask, last: CrawledPage): Promise<void> {
    if (last.verdict !== 'hold' && last.verdict !== 'block') return;
    const seen = await this.deps.published.seenAgain(this.settings.portal, task.url, last.sha256, run);
    if (seen) this.deps.events?.found?.(seen.outcome, last.verdict);
  }
}
