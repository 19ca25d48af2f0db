import { gunzipSync } from 'node:zlib';

export interface Sitemap {
  /** Further sitemaps (a sitemap index). */
  sitemaps: string[];
  pages: string[];
  /** Entries past the protocol's 50,000 per file, left out. */
  dropped: number;
}

/** The protocol's limits for one sitemap file: 50,000 URLs, 50 MB uncompressed. */
export const sitemapLimits = { entries: 50_000, bytes: 50 * 1048576 };

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (m, hex: string, dec: string, name: string) =>
    hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : (entities[name.toLowerCase()] ?? m),
  );

/**
 * Reads a sitemap: a urlset or a sitemap index, gzipped or not, or the
 * protocol's plain-text form. Its `<loc>` values are read by one linear scan
 * (a DOM of a 50,000-URL file costs seconds and hundreds of megabytes), at
 * most the protocol's limits.
 */
export function readSitemap(body: Buffer): Sitemap {
  const bytes = body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body, { maxOutputLength: sitemapLimits.bytes }) : body;
  const text = bytes.subarray(0, sitemapLimits.bytes).toString('utf8');
  let urls: string[];
  let index = false;
  if (!/^\s*(?:\uFEFF)?\s*</.test(text)) {
    urls = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^https?:\/\//i.test(l));
  } else {
    // The root element (after any declaration, comments and doctype) says which kind this is.
    index = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*<(?:[\w.-]+:)?sitemapindex\b/i.test(text.replace(/^\uFEFF/, ''));
    urls = [];
    for (const m of text.matchAll(/<(?:[\w.-]+:)?loc\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?loc\s*>/gi)) {
      const value = m[1]!.replace(/^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/, '$1').trim();
      if (value) urls.push(unescapeXml(value));
    }
  }
  const dropped = Math.max(0, urls.length - sitemapLimits.entries);
  urls = urls.slice(0, sitemapLimits.entries);
  return index ? { sitemaps: urls, pages: [], dropped } : { sitemaps: [], pages: urls, dropped };
}
