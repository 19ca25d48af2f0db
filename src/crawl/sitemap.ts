import { gunzipSync } from 'node:zlib';
import { load } from 'cheerio';

export interface Sitemap {
  /** Further sitemaps (a sitemap index). */
  sitemaps: string[];
  pages: string[];
}

/** Gunzipped at most this far: a sitemap is capped at 50 MB by the protocol. */
const maxUnzipped = 64 * 1048576;

/** Reads a sitemap (urlset or sitemapindex, gzipped or not; a plain-text list of URLs too). */
export function readSitemap(body: Buffer): Sitemap {
  const bytes = body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body, { maxOutputLength: maxUnzipped }) : body;
  const text = bytes.toString('utf8');
  if (!/^\s*(?:\uFEFF)?\s*</.test(text)) {
    // The protocol's text form: one URL per line.
    return { sitemaps: [], pages: text.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^https?:\/\//i.test(l)) };
  }
  const $ = load(text, { xml: true });
  const locs = (selector: string) => $(selector).map((_, el) => $(el).text().trim()).get().filter(Boolean);
  return { sitemaps: locs('sitemapindex > sitemap > loc'), pages: locs('urlset > url > loc') };
}
