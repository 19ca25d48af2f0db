import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Logger } from 'pino';
import type { PublishedService } from '../review/published.js';
import type { FileScan } from '../scan/file-scan.js';
import type { ScanService } from '../scan/service.js';
import { findingSummary } from '../store/rows.js';
import type { CrawledPage, CrawlKind, CrawlOutcome, CrawlRun, CrawlTask, Store } from '../store/store.js';
import type { Fetched, PoliteFetcher, Validators } from './fetcher.js';
import { pageCharset } from './links.js';
import { CrawlScope } from './scope.js';
import { readSitemap } from './sitemap.js';
import { readListing, type WordPressItem } from './wordpress.js';

/** Where a crawl starts and what it calls itself (a resumed crawl is one with the same portal and source). */
export interface CrawlSource {
  /** e.g. `start http://portal/`, `sitemap http://portal/sitemap.xml`, `wordpress http://portal/`. */
  name: string;
  seeds: CrawlTask[];
}

export interface CrawlSettings {
  portal: string;
  concurrency: number;
  /** Pages (not attachments) read at most in a run. */
  maxPages: number;
  /** Requests of every kind at most in a run: what bounds a site that keeps making new work (redirect chains, endless sitemaps, pages of pictures). */
  maxFetches: number;
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

/** What the crawl scans of a URL: its bytes as served, its validators, and for a WordPress item its title and which of its links to follow. */
interface Content {
  bytes: Buffer;
  contentType: string;
  validators: Validators | null;
  title?: string;
  follow?: CrawlKind;
}

/** Sitemap indexes nest one level by the protocol; one more is tolerated. */
const maxSitemapDepth = 2;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const isHtml = (type: string, body: Buffer) => /\b(?:text\/html|application\/xhtml\+xml)\b/i.test(type) || (!type && /^\s*<(?:!doctype html|html)/i.test(body.subarray(0, 512).toString('latin1')));
const sentValidators = (last: CrawledPage | undefined) => Boolean(last && (last.etag || last.lastModified));

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
 * scanned by the gateway's own scan service (which also reads pages for
 * their links, under the scan's limits); what it flags becomes an
 * already-published item for review. One bad page is recorded with its
 * reason and the crawl goes on; limits end it with what was left recorded.
 */
export class Crawler {
  private pagesTaken = 0;
  private fetchesTaken = 0;

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
    this.fetchesTaken = before.done - (before.kinds['wp-item'] ?? 0);
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

  /** Queues the tasks that pass the scope as it stands now, depth included (a page's links, media, links kept from the last crawl alike). */
  private queue(run: number, tasks: CrawlTask[]): Promise<number> {
    const passing: CrawlTask[] = [];
    for (const t of tasks) {
      const url = CrawlScope.resolve(t.url, t.referrer ?? t.url);
      if (url && !this.deps.scope.refuses(url, t.kind, t.depth)) passing.push({ ...t, url: url.href });
    }
    return this.deps.store.crawls.enqueue(run, passing);
  }

  /** Links found on (or kept for) `task`'s page, as the tasks one link further. */
  private linksOf(task: CrawlTask, links: Array<Pick<CrawlTask, 'url' | 'kind'>>): CrawlTask[] {
    return links.map((l) => ({ url: l.url, kind: l.kind, depth: task.depth + 1, referrer: task.url }));
  }

  private async visit(run: number, task: CrawlTask): Promise<CrawlOutcome> {
    const { store, fetcher } = this.deps;
    if (task.kind === 'page' && ++this.pagesTaken > this.settings.maxPages) return { outcome: 'truncated', detail: `max-pages: ${this.settings.maxPages} pages read` };
    if (++this.fetchesTaken > this.settings.maxFetches) return { outcome: 'truncated', detail: `max-fetches: ${this.settings.maxFetches} requests made` };
    const last = this.settings.incremental && (task.kind === 'page' || task.kind === 'attachment') ? await store.crawls.page(this.settings.portal, task.url) : undefined;
    const accept = task.kind === 'wp-list' ? 'application/json' : task.kind === 'sitemap' ? 'application/xml, text/xml, */*' : '*/*';
    const validators: Validators | undefined = sentValidators(last) ? { etag: last!.etag, lastModified: last!.lastModified } : undefined;
    const got = await fetcher.fetch(task.url, validators, accept);
    if (got.kind === 'failed') {
      // Flagged content the site no longer serves: a take-down verified (or content removed before anyone decided).
      if ((got.reason === 'http-404' || got.reason === 'http-410') && (last?.verdict === 'hold' || last?.verdict === 'block')) await this.deps.published.gone(this.settings.portal, task.url, run, got.reason);
      return { outcome: 'unscanned', detail: `${got.reason}: ${got.detail}` };
    }
    if (got.kind === 'redirect') return this.redirected(run, task, got);
    if (got.kind === 'not-modified') {
      // A 304 to a request that sent no validators says nothing of the content.
      if (!validators) return { outcome: 'unscanned', detail: 'http-304: 304 Not Modified to an unconditional request' };
      await this.unchanged(run, task, last!);
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

  /**
   * A redirect is followed as a new task one link further (so a loop ends when
   * it comes back to a URL the run has, and a chain counts against the
   * limits), within the crawl's scope only.
   */
  private async redirected(run: number, task: CrawlTask, got: Extract<Fetched, { kind: 'redirect' }>): Promise<CrawlOutcome> {
    const to = got.location === undefined ? undefined : CrawlScope.resolve(got.location, task.url);
    if (!to) return { outcome: 'unscanned', detail: `bad-redirect: ${got.status} without a usable Location` };
    const refused = this.deps.scope.refuses(to, task.kind === 'sitemap' ? 'page' : task.kind, task.depth + 1);
    if (refused === 'off-site') return { outcome: 'unscanned', detail: `redirect-off-site: ${got.status} to ${to.href}` };
    if (refused) return { outcome: 'skipped', detail: `redirect: ${got.status} to ${to.href} (${refused})` };
    const fresh = await this.deps.store.crawls.enqueue(run, [{ url: to.href, kind: task.kind, depth: task.depth + 1, referrer: task.url }]);
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
    for (const href of map.sitemaps) {
      const url = CrawlScope.resolve(href, task.url);
      // Include patterns choose pages, not the sitemaps that list them.
      if (url && this.deps.scope.onSite(url) && task.depth < maxSitemapDepth) tasks.push({ url: url.href, kind: 'sitemap', depth: task.depth + 1, referrer: task.url });
    }
    for (const href of map.pages) {
      const url = CrawlScope.resolve(href, task.url);
      const kind = url && CrawlScope.kindOf(url);
      if (url && kind && !this.deps.scope.refuses(url, kind, 0)) tasks.push({ url: url.href, kind, depth: 0, referrer: task.url });
    }
    const added = await this.deps.store.crawls.enqueue(run, tasks);
    const dropped = map.dropped ? `, ${map.dropped} past the protocol's 50,000 left out` : '';
    return { outcome: 'read', detail: `${map.pages.length} pages, ${map.sitemaps.length} sitemaps, ${added} new${dropped}` };
  }

  /** A page of a WordPress REST listing: its posts scanned here (each once per run), its other pages and media queued. */
  private async listing(run: number, task: CrawlTask, got: Extract<Fetched, { kind: 'ok' }>): Promise<CrawlOutcome> {
    let listing;
    try {
      listing = readListing(task.url, got.body, { totalPages: got.headers.get('x-wp-totalpages'), total: got.headers.get('x-wp-total') });
    } catch (err) {
      return { outcome: 'unscanned', detail: `bad-listing: ${(err as Error).message}` };
    }
    const { store } = this.deps;
    await store.crawls.enqueue(run, listing.more.map((url) => ({ url, kind: 'wp-list', depth: 0, referrer: task.url })));
    await this.queue(run, listing.media.map((m) => ({ url: m.url, kind: 'attachment', depth: 1, referrer: m.referrer })));
    // Items are taken, not queued: never fetched (a post's link is what the site says, not where the crawl goes), and an item a resumed run scanned already is not scanned again.
    const byUrl = new Map(listing.items.map((i) => [i.url, i]));
    const mine = await store.crawls.take(run, [...byUrl.keys()].map((url) => ({ url, kind: 'wp-item', depth: 0, referrer: task.url })));
    for (const t of mine) {
      let outcome: CrawlOutcome;
      try {
        outcome = await this.item(run, t, byUrl.get(t.url)!);
      } catch (err) {
        this.deps.logger.error({ url: t.url, err: (err as Error).message }, 'crawl item failed');
        outcome = { outcome: 'unscanned', detail: `internal-error: ${(err as Error).message}` };
      }
      await store.crawls.settle(run, t.url, outcome);
      this.deps.events?.settled?.(t, outcome);
    }
    return { outcome: 'read', detail: `${listing.items.length} items (${mine.length} new to this crawl), ${listing.media.length} media, ${listing.more.length} more pages` };
  }

  /** A post or page from the REST API: scanned as WordPress renders it; the attachments it links are queued. */
  private async item(run: number, task: CrawlTask, item: WordPressItem): Promise<CrawlOutcome> {
    const last = this.settings.incremental ? await this.deps.store.crawls.page(this.settings.portal, item.url) : undefined;
    return this.scanned(run, task, { bytes: Buffer.from(item.html), contentType: 'text/html; charset=utf-8', validators: null, title: item.title, follow: 'attachment' }, last);
  }

  /** A page or attachment fetched: scanned unless it is what the last crawl scanned; a page's links queued. */
  private document(run: number, task: CrawlTask, got: Extract<Fetched, { kind: 'ok' }>, last: CrawledPage | undefined): Promise<CrawlOutcome> {
    return this.scanned(run, task, { bytes: got.body, contentType: got.contentType, validators: { etag: got.etag, lastModified: got.lastModified } }, last);
  }

  /** Content read (fetched, or from a WordPress listing): scanned unless it is what the last crawl scanned, recorded, its links queued. */
  private async scanned(run: number, task: CrawlTask, content: Content, last: CrawledPage | undefined): Promise<CrawlOutcome> {
    const { store, published } = this.deps;
    const { bytes, contentType, validators } = content;
    const hash = sha256(bytes);
    const record = (verdict: string, links: CrawlTask[]) =>
      store.crawls.savePage(this.settings.portal, task.url, { etag: validators?.etag ?? null, lastModified: validators?.lastModified ?? null, sha256: hash, verdict, links, checkedAt: Date.now() });
    if (last && last.sha256 === hash) {
      await this.unchanged(run, task, last);
      await record(last.verdict, last.links);
      return { outcome: 'unchanged', detail: 'same-content' };
    }
    const html = isHtml(contentType, bytes);
    const readLinks = html && (task.kind === 'page' || task.kind === 'wp-item');
    const charset = html ? pageCharset(bytes, contentType) : undefined;
    const scan: FileScan = await this.deps.scans.scanFiles(
      this.settings.portal,
      [{ file: fileName(new URL(task.url), html), bytes, declaredType: contentType.split(';')[0]!.trim() || undefined, ...(charset ? { charsets: [charset] } : {}) }],
      readLinks ? { url: task.url } : undefined,
    );
    const verdict = scan.decision.verdict;
    if (verdict !== 'allow') {
      const found = await published.found({
        portal: this.settings.portal,
        url: task.url,
        pageUrl: task.kind === 'attachment' ? (task.referrer ?? task.url) : task.url,
        title: content.title ?? scan.page?.title ?? null,
        sha256: hash,
        verdict,
        findings: scan.findings.map(findingSummary),
        run,
      });
      this.deps.events?.found?.(found.outcome, verdict);
    }
    const links = this.linksOf(task, (scan.page?.links ?? []).filter((l) => !content.follow || l.kind === content.follow));
    await this.queue(run, links);
    await record(verdict, links);
    const unscannable = scan.findings.filter((f) => f.category === 'unscannable');
    if (verdict !== 'block' && unscannable.length) return { outcome: 'unscanned', detail: unscannable.map((f) => `${f.rule.replace(/^unscannable\./, '')}: ${f.evidence}`).join('; ') };
    const notes = [scan.page?.dropped ? `${scan.page.dropped} links past ${links.length} left out` : '', scan.page?.unread ? `links not read: ${scan.page.unread}` : ''].filter(Boolean).join('; ');
    return notes ? { outcome: verdict, detail: notes } : { outcome: verdict };
  }

  /**
   * Content unchanged since the last crawl: the links kept from it are
   * followed again (as the scope stands now), and a flagged item is marked
   * seen (one taken down but still online opens again).
   */
  private async unchanged(run: number, task: CrawlTask, last: CrawledPage): Promise<void> {
    await this.queue(run, this.linksOf(task, last.links));
    if (last.verdict !== 'hold' && last.verdict !== 'block') return;
    const seen = await this.deps.published.seenAgain(this.settings.portal, task.url, last.sha256, run);
    if (seen) this.deps.events?.found?.(seen.outcome, last.verdict);
  }
}
