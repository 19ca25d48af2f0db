import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/chain.js';
import type { PublishedService } from '../review/published.js';
import type { ScanService } from '../scan/service.js';
import type { Store } from '../store/store.js';
import { Crawler, type CrawlEvents, type CrawlSource, type CrawlSummary } from './crawler.js';
import { PoliteFetcher } from './fetcher.js';
import { CrawlScope } from './scope.js';
import { restUrl, wordpressSeeds } from './wordpress.js';

/** What to crawl and how: the command line's options, or a scheduled crawl's settings. */
export interface CrawlJob {
  /** Exactly one: a WordPress site (its REST API), a sitemap, or a start page. */
  wordpress?: string;
  sitemap?: string;
  start?: string;
  /** More origins that are the same site (http and https, www and bare). */
  sites: string[];
  include: string[];
  exclude: string[];
  maxDepth: number;
  maxPages: number;
  concurrency: number;
  /** Requests started per second at most. */
  rate: number;
  timeoutMs: number;
  maxBytes: number;
  /** `user:application-password` for a WordPress whose drafts and private items are to be read too. */
  auth?: string;
  incremental: boolean;
  restart: boolean;
}

/** Depth is unlimited unless asked: a portal's paginated lists are long chains of links, and the page limit bounds the crawl. */
export const crawlDefaults = { maxDepth: Number.POSITIVE_INFINITY, maxPages: 10_000, concurrency: 2, rate: 4, timeoutMs: 30_000 } as const;

export interface CrawlDeps {
  store: Store;
  scans: ScanService;
  published: PublishedService;
  audit: AuditTrail;
  logger: Logger;
  userAgent: string;
  events?: CrawlEvents;
}

/** The source a job names, and the site's origins. */
export function crawlSource(job: Pick<CrawlJob, 'wordpress' | 'sitemap' | 'start' | 'sites' | 'auth'>): { source: CrawlSource; origins: string[] } {
  const given = [job.wordpress, job.sitemap, job.start].filter((s) => s !== undefined);
  if (given.length !== 1) throw new Error('a crawl needs exactly one of a WordPress site, a sitemap or a start URL');
  const url = new URL(given[0]!);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${url.href} is not an http(s) URL`);
  const origins = [url.origin, ...job.sites.map((s) => new URL(/^https?:\/\//i.test(s) ? s : `http://${s}`).origin)];
  if (job.wordpress) return { source: { name: `wordpress ${url.href}`, seeds: wordpressSeeds(url.href, job.auth !== undefined) }, origins };
  if (job.sitemap) return { source: { name: `sitemap ${url.href}`, seeds: [{ url: url.href, kind: 'sitemap', depth: 0, referrer: null }] }, origins };
  url.hash = '';
  return { source: { name: `start ${url.href}`, seeds: [{ url: url.href, kind: CrawlScope.kindOf(url), depth: 0, referrer: null }] }, origins };
}

/** The origins WordPress says it is at (its REST index's `home` and `url`), when it answers. */
async function wordpressHome(fetcher: PoliteFetcher, site: string): Promise<string[]> {
  const index = await fetcher.fetch(restUrl(site, '/', {}), undefined, 'application/json');
  if (index.kind !== 'ok') return [];
  try {
    const { home, url } = JSON.parse(index.body.toString('utf8')) as { home?: unknown; url?: unknown };
    return [home, url].filter((u): u is string => typeof u === 'string' && URL.canParse(u) && /^https?:/i.test(u)).map((u) => new URL(u).origin);
  } catch {
    return [];
  }
}

/** A crawl that cannot start (credentials refused): nothing was crawled. */
export class CrawlError extends Error {}

/**
 * WordPress reads a request whose credentials it refuses as an anonymous
 * one: the crawl would read only what is public and report drafts as
 * unreadable. Checked first instead, on who the credentials are.
 */
async function checkCredentials(fetcher: PoliteFetcher, site: string): Promise<void> {
  const me = await fetcher.fetch(restUrl(site, '/wp/v2/users/me', {}), undefined, 'application/json');
  if (me.kind === 'ok') return;
  const why = me.kind === 'failed' ? `${me.reason}: ${me.detail}` : me.kind === 'redirect' ? `redirected (${me.status}) to ${me.location ?? 'nowhere'}` : 'no answer';
  throw new CrawlError(`WordPress at ${site} did not accept the crawl's credentials (${why}); check the user and its application password`);
}

/** Runs one crawl of a portal, resuming its last one if that did not finish; the start and the end are audit entries. */
export async function runCrawl(deps: CrawlDeps, portal: string, job: CrawlJob, signal?: AbortSignal): Promise<CrawlSummary> {
  const { source, origins } = crawlSource(job);
  const headers = job.auth ? { authorization: `Basic ${Buffer.from(job.auth).toString('base64')}` } : undefined;
  const fetcher = new PoliteFetcher({ rate: job.rate, timeoutMs: job.timeoutMs, maxBytes: job.maxBytes, userAgent: deps.userAgent, headers });
  // A WordPress read at its CMS address links its media under its public one: that is the same site.
  if (job.wordpress) origins.push(...(await wordpressHome(fetcher, job.wordpress)));
  const scope = new CrawlScope({ origins, include: job.include, exclude: job.exclude, maxDepth: job.maxDepth });
  const crawler = new Crawler(
    { store: deps.store, scans: deps.scans, fetcher, scope, published: deps.published, logger: deps.logger, events: deps.events },
    { portal, concurrency: job.concurrency, maxPages: job.maxPages, incremental: job.incremental, restart: job.restart },
  );
  if (job.wordpress && job.auth) await checkCredentials(fetcher, job.wordpress);
  const settings = { include: job.include, exclude: job.exclude, maxDepth: Number.isFinite(job.maxDepth) ? job.maxDepth : 'unlimited', maxPages: job.maxPages, concurrency: job.concurrency, rate: job.rate, incremental: job.incremental, authenticated: job.auth !== undefined };
  await deps.audit.append('crawl.start', { portal, source: source.name, origins, ...settings });
  const summary = await crawler.run(source, signal);
  await deps.audit.append('crawl.end', { portal, source: source.name, run: summary.run.id, state: summary.run.state, resumed: summary.resumed, stats: summary.stats });
  return summary;
}
