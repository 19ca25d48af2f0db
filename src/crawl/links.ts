import { load } from 'cheerio';
import { CharsetError, charsetOf, decodeText } from '../extract/charset.js';
import type { CrawlKind } from '../store/store.js';
import { CrawlScope } from './scope.js';

/** A link as found on a page (resolved, not yet checked against the crawl's scope). */
export interface Link {
  url: string;
  kind: CrawlKind;
}

/** What the crawl learns from a page besides its findings: read in a scan worker, under the scan's time and memory limits. */
export interface PageReading {
  title: string | null;
  links: Link[];
  /** Links past the cap, left out. */
  dropped: number;
  /** Why the markup could not be read for links (nesting too deep for the parser), when it could not. */
  unread?: string;
}

/** Links kept per page: a page listing more is a trap or a dump, and one page must not fill the frontier. */
export const maxLinksPerPage = 5000;

/** Where a page points to documents: anchors, frames, embedded files and pictures (a photographed page is a picture). */
const sources: Array<[selector: string, attribute: string, kind?: CrawlKind]> = [
  ['a[href]', 'href'],
  ['area[href]', 'href'],
  ['iframe[src]', 'src'],
  ['frame[src]', 'src'],
  ['embed[src]', 'src', 'attachment'],
  ['object[data]', 'data', 'attachment'],
  ['img[src]', 'src', 'attachment'],
  ['img[data-src]', 'data-src', 'attachment'],
  ['img[data-original]', 'data-original', 'attachment'],
];

/**
 * The charset a browser reads a page in: a byte order mark first, then the
 * HTTP header, then a <meta> in the first 1024 bytes, where a UTF-16 label
 * means UTF-8 (bytes that parse as ASCII markup cannot be UTF-16);
 * undefined when nothing says (the bytes decide, as for any text).
 */
export function pageCharset(body: Buffer, contentType: string): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  const declared = charsetOf(contentType) ?? /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(body.subarray(0, 1024).toString('latin1'))?.[1];
  return declared && /^utf-?16/i.test(declared) ? 'utf-8' : declared;
}

/** The page's text in its charset; one nobody knows is read as undeclared text is. */
function pageText(body: Buffer, contentType: string): string {
  try {
    return decodeText(body, pageCharset(body, contentType));
  } catch (err) {
    if (!(err instanceof CharsetError)) throw err;
    return decodeText(body);
  }
}

/** A page's title and the links that can lead to a document, resolved against its URL (or its <base href>). */
export function readPage(body: Buffer, contentType: string, pageUrl: string): PageReading {
  // Without scripting, as a crawler sees it: links inside <noscript> are links.
  const $ = load(pageText(body, contentType), { scriptingEnabled: false });
  const base = CrawlScope.resolve($('base[href]').first().attr('href') ?? '', pageUrl) ?? new URL(pageUrl);
  const seen = new Set<string>();
  const links: Link[] = [];
  let dropped = 0;
  const add = (href: string | undefined, kind?: CrawlKind) => {
    const url = href === undefined ? undefined : CrawlScope.resolve(href, base);
    if (!url || seen.has(url.href)) return;
    seen.add(url.href);
    if (links.length >= maxLinksPerPage) dropped++;
    else links.push({ url: url.href, kind: kind ?? CrawlScope.kindOf(url) });
  };
  for (const [selector, attribute, kind] of sources) $(selector).each((_, el) => add($(el).attr(attribute), kind));
  // <meta http-equiv="refresh" content="0; url=…"> (or "0; …"): where an old page sends its readers.
  const refresh = /^\s*[\d.]+\s*[;,]\s*(?:url\s*=\s*)?['"]?([^'"]+)/i.exec($('meta[http-equiv="refresh" i]').attr('content') ?? '');
  if (refresh) add(refresh[1]!.trim());
  const title = $('title').first().text().trim().slice(0, 500) || null;
  return { title, links, dropped };
}
