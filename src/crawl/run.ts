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
  /** Requests of every kind at most (pages, attachments, sitemaps, listings, redirects). */
  maxFetches: number;
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
export const crawlDefaults = { maxDepth: Number.POSITIVE_INFINITY, maxPages: 10_000, maxFetches: 100_000, concurrency: 2, rate: 4, timeoutMs: 30_000 } as const;

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

/**
 * A WordPress read at its CMS address names its media under its public
 * address (`home`). What the site says of itself is not trusted to widen the
 * crawl (a hostile site would send it elsewhere): the operator is told to
 * add it with --site (crawlSites for a scheduled crawl) if it is theirs.
 */
async function adviseHome(fetcher: PoliteFetcher, site: string, scope: CrawlScope, logger: Logger): Promise<void> {
  const index = await fetcher.fetch(restUrl(site, '/', {}), undefined, 'application/json');
  if (index.kind !== 'ok') return;
  try {
    const { home } = JSON.parse(index.body.toString('utf8')) as { home?: unknown };
    const origin = typeof home === 'string' && URL.canParse(home) ? new URL(home).origin : undefined;
    if (origin && /^https?:/.test(origin) && !scope.onSite(new URL(origin))) {
      logger.warn({ home: origin }, `WordPress calls itself ${origin}: its media there are not read unless that address is added as the same site (--site ${origin})`);
    }
  } catch {
    /* no index: nothing to advise */
  }
}

/**
 * WordPress reads a request whose credentials it refuses as an anonymous
 * one: the crawl would read only what is public and report drafts as
 * unreadable. Checked first instead, on who the credentials are.
 */
async function checkCredentials(fetcher: PoliteFetcher, site: string): Promise<void> {
  const me = await fetcher.fetch(restUrl(site, '/wp/v2/users/me', {}), undefined, 'application/json');
  if (me.kind === 'ok') return;
  const why = me.kind === 'failed' ? `${me.reason}: ${me.detail}` : me.kind === 'redirect' ? `redirected (${me.status}) to ${me.location ?? 'nowhere'}` : 'no answer';
  throw new Error(`WordPress at ${site} did not accept the crawl's credentials (${why}); check the user and its application password`);
}

/** Runs one crawl of a portal, resuming its last one if that did not finish; the start and the end are audit entries. */
export async function runCrawl(deps: CrawlDeps, portal: string, job: CrawlJob, signal?: AbortSignal): Promise<CrawlSummary> {
  const { source, origins } = crawlSource(job);
  const auth = job.auth && job.wordpress ? { origin: new URL(job.wordpress).origin, headers: { authorization: `Basic ${Buffer.from(job.auth).toString('base64')}` } } : undefined;
  const fetcher = new PoliteFetcher({ rate: job.rate, timeoutMs: job.timeoutMs, maxBytes: job.maxBytes, userAgent: deps.userAgent, auth });
  const scope = new CrawlScope({ origins, include: job.include, exclude: job.exclude, maxDepth: job.maxDepth });
  if (job.wordpress) await adviseHome(fetcher, job.wordpress, scope, deps.logger);
  const crawler = new Crawler(
    { store: deps.store, scans: deps.scans, fetcher, scope, published: deps.published, logger: deps.logger, events: deps.events },
    { portal, concurrency: job.concurrency, maxPages: job.maxPages, maxFetches: job.maxFetches, incremental: job.incremental, restart: job.restart },
  );
  if (job.wordpress && job.auth) await checkCredentials(fetcher, job.wordpress);
  const settings = { include: job.include, exclude: job.exclude, maxDepth: Number.isFinite(job.maxDepth) ? job.maxDepth : 'unlimited', maxPages: job.maxPages, maxFetches: job.maxFetches, concurrency: job.concurrency, rate: job.rate, incremental: job.incremental, authenticated: job.auth !== undefined };
  await deps.audit.append('crawl.start', { portal, source: source.name, origins, ...settings });
  const summary = await crawler.run(source, signal);
  await deps.audit.append('crawl.end', { portal, source: source.name, run: summary.run.id, state: summary.run.state, resumed: summary.resumed, stats: summary.stats });
  return summary;
}
