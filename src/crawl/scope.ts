import type { CrawlKind } from '../store/store.js';

/** Extensions of files a portal publishes as attachments (scanned, never followed for links). */
const attachmentExtensions = new Set(
  'pdf ofd doc docx wps wpt dot dotx rtf xls xlsx et ett csv ppt pptx dps txt zip rar 7z gz tar jpg jpeg png gif bmp tif tiff webp'.split(' '),
);

/** Extensions nothing is learned from (style, scripts, fonts, media): never fetched. */
const ignoredExtensions = new Set('css js mjs map woff woff2 ttf otf eot ico svg mp3 mp4 avi mov wmv flv webm m3u8 swf exe apk dmg iso'.split(' '));

export interface ScopeOptions {
  /** The site: its origins (the start URL's, and any the operator adds); links elsewhere are not followed. */
  origins: string[];
  /** Glob patterns (`*` any characters) on a URL's path and query: when given, only matching pages are crawled. */
  include: string[];
  /** Glob patterns on a URL's path and query never crawled (search pages, calendars, logouts). */
  exclude: string[];
  /** Links followed from the start at most, for pages; an attachment may be one further. */
  maxDepth: number;
}

/** Percent-escapes of unreserved characters (RFC 3986: letters, digits, - . _ ~) mean the character itself. */
function unescapeUnreserved(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (m, hex: string) => {
    const c = String.fromCharCode(Number.parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : m.toUpperCase();
  });
}

function globRegex(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
}

function extensionOf(url: URL): string {
  const last = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot < 0 ? '' : last.slice(dot + 1).toLowerCase();
}

/**
 * What belongs to a crawl: same-site URLs (http and https of the site's
 * origins), within the operator's patterns and depth. Each refusal has a
 * reason, for the report.
 */
export class CrawlScope {
  readonly origins: Set<string>;
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];

  constructor(readonly options: ScopeOptions) {
    // http and https of a host on their default ports are one site (a site that moved to https redirects there).
    this.origins = new Set(options.origins.flatMap((o) => {
      const url = new URL(o);
      return url.port ? [url.origin] : [`http://${url.host}`, `https://${url.host}`];
    }));
    this.include = options.include.map(globRegex);
    this.exclude = options.exclude.map(globRegex);
  }

  /**
   * The absolute form of a link as the crawl keys it, or undefined for links
   * that lead to no document (mailto:, javascript:). One document, one key:
   * no fragment, no credentials, no empty query, and escapes of characters
   * that need none (`%61` is `a`) decoded, as servers read them.
   */
  static resolve(href: string, base: URL | string): URL | undefined {
    let url: URL;
    try {
      url = new URL(href.trim(), base);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    url.username = '';
    url.password = '';
    url.pathname = unescapeUnreserved(url.pathname);
    url.search = url.search ? unescapeUnreserved(url.search) : '';
    return url;
  }

  onSite(url: URL): boolean {
    return this.origins.has(url.origin);
  }

  /** Why a link found at `depth` is not crawled, or undefined when it is. */
  refuses(url: URL, kind: CrawlKind, depth: number): string | undefined {
    if (!this.onSite(url)) return 'off-site';
    const ext = extensionOf(url);
    if (ignoredExtensions.has(ext)) return 'not-a-document';
    const limit = kind === 'attachment' ? this.options.maxDepth + 1 : this.options.maxDepth;
    if (depth > limit) return 'too-deep';
    const target = url.pathname + url.search;
    if (this.exclude.some((r) => r.test(target))) return 'excluded';
    // Include patterns choose pages; attachments of chosen pages are always scanned.
    if (kind === 'page' && this.include.length && !this.include.some((r) => r.test(target))) return 'not-included';
    return undefined;
  }

  /** A link's kind by its look: files with a document's extension are attachments. */
  static kindOf(url: URL): CrawlKind {
    return attachmentExtensions.has(extensionOf(url)) ? 'attachment' : 'page';
  }
}
