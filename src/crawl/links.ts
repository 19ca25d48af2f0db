import { load } from 'cheerio';
import type { CrawlKind } from '../store/store.js';
import { CrawlScope } from './scope.js';

export interface Link {
  url: URL;
  kind: CrawlKind;
}

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

/** The links of an HTML page that can lead to a document, resolved against its URL (or its <base href>). */
export function linksIn(html: string, pageUrl: URL): Link[] {
  const $ = load(html);
  const base = CrawlScope.resolve($('base[href]').first().attr('href') ?? '', pageUrl) ?? pageUrl;
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const [selector, attribute, kind] of sources) {
    $(selector).each((_, el) => {
      const url = CrawlScope.resolve($(el).attr(attribute) ?? '', base);
      if (!url || seen.has(url.href)) return;
      seen.add(url.href);
      links.push({ url, kind: kind ?? CrawlScope.kindOf(url) });
    });
  }
  // <meta http-equiv="refresh" content="0; url=…">: where an old page sends its readers.
  const refresh = /url\s*=\s*['"]?([^'";]+)/i.exec($('meta[http-equiv="refresh" i]').attr('content') ?? '');
  const target = refresh && CrawlScope.resolve(refresh[1]!, base);
  if (target && !seen.has(target.href)) links.push({ url: target, kind: CrawlScope.kindOf(target) });
  return links;
}
