import { load } from 'cheerio';
import type { CrawlTask } from '../store/store.js';

/** What WordPress calls the types the crawl reads, and the statuses each can be in. */
const postTypes = [
  { type: 'posts', statuses: ['publish', 'future', 'draft', 'pending', 'private'] },
  { type: 'pages', statuses: ['publish', 'future', 'draft', 'pending', 'private'] },
] as const;
const perPage = 100;
/** Listing pages read at most per type and status: a million items. */
const maxListingPages = 10_000;

/** A REST route on the site, in the `?rest_route=` form that works with and without pretty permalinks. */
export function restUrl(site: string, route: string, query: Record<string, string | number>): string {
  const url = new URL(site);
  url.pathname = url.pathname.replace(/\/?$/, '/');
  url.search = '';
  url.searchParams.set('rest_route', route);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
  return url.href;
}

/**
 * The first listing of every type and status the crawl reads: only what is
 * published without credentials; with them, drafts, pending, scheduled and
 * private items too (a listing the credentials may not read is reported).
 */
export function wordpressSeeds(site: string, authenticated: boolean): CrawlTask[] {
  const lists = postTypes.flatMap(({ type, statuses }) => (authenticated ? statuses : ['publish']).map((status) => restUrl(site, `/wp/v2/${type}`, { status, per_page: perPage, page: 1 })));
  lists.push(restUrl(site, '/wp/v2/media', { per_page: perPage, page: 1 }));
  return lists.map((url) => ({ url, kind: 'wp-list', depth: 0, referrer: null }));
}

/** A post or page as the crawl scans it: what a reader sees of it, where. */
export interface WordPressItem {
  url: string;
  title: string;
  html: string;
}

export interface Listing {
  items: WordPressItem[];
  /** Media files to download and scan, with the page each belongs to. */
  media: Array<{ url: string; referrer: string }>;
  /** The listing's other pages (read from the first one). */
  more: string[];
}

interface RestItem {
  id?: number;
  link?: string;
  title?: { rendered?: string } | string;
  content?: { rendered?: string };
  excerpt?: { rendered?: string };
  source_url?: string;
}

const rendered = (v: { rendered?: string } | string | undefined) => (typeof v === 'string' ? v : (v?.rendered ?? ''));

/** A rendered title as text (WordPress renders `&#8211;` and inline markup into it). */
const titleText = (html: string) => load(`<p>${html.slice(0, 2000)}</p>`)('p').text().trim().slice(0, 500);

/**
 * Reads one page of a REST listing; throws when it is not one. The first
 * page says how many there are: no more than its item count justifies
 * (`X-WP-Total` over the page size), whatever `X-WP-TotalPages` claims.
 */
export function readListing(listingUrl: string, body: Buffer, headers: { totalPages: string | null; total: string | null }): Listing {
  const data = JSON.parse(body.toString('utf8')) as unknown;
  if (!Array.isArray(data)) throw new Error('not a REST listing (expected a JSON array)');
  const url = new URL(listingUrl);
  const page = Number(url.searchParams.get('page') ?? 1);
  const size = Number(url.searchParams.get('per_page')) || perPage;
  const more: string[] = [];
  if (page === 1 && data.length >= size) {
    const byTotal = headers.total === null ? Infinity : Math.ceil((Number(headers.total) || 0) / size);
    for (let p = 2; p <= Math.min(Number(headers.totalPages) || 1, byTotal, maxListingPages); p++) {
      url.searchParams.set('page', String(p));
      more.push(url.href);
    }
  }
  const items: WordPressItem[] = [];
  const media: Listing['media'] = [];
  for (const raw of data as RestItem[]) {
    if (typeof raw !== 'object' || raw === null || typeof raw.link !== 'string') continue;
    if (typeof raw.source_url === 'string') {
      media.push({ url: raw.source_url, referrer: raw.link });
      continue;
    }
    const title = rendered(raw.title);
    // What a visitor reads: the title, the excerpt and the body as the site renders them.
    items.push({ url: raw.link, title: titleText(title), html: `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${rendered(raw.excerpt)}${rendered(raw.content)}</body></html>` });
  }
  return { items, media, more };
}
