/**
 * Request paths as web servers and CMSs may resolve them, for route
 * matching: every spelling of an endpoint (percent-encoded slashes and
 * dots, double encoding, `//`, `/./`, `..`, `;params`, backslashes, letter
 * case, trailing slashes) folds to one form. A lenient route (pass,
 * monitor) never uses this folding: it needs the path exactly as written
 * (`canonicalPath`), so a spelling that some server reads otherwise is
 * inspected instead.
 */

function decodeRepeatedly(path: string): string {
  let current = path;
  for (let i = 0; i < 4 && /%[0-9a-f]{2}/i.test(current); i++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      // Decode what is valid and leave stray '%' alone, as PHP's rawurldecode does.
      current = current.replace(/%[0-9a-f]{2}/gi, (h) => String.fromCharCode(parseInt(h.slice(1), 16)));
    }
  }
  return current;
}

export function normalisePath(rawPath: string): string {
  const decoded = decodeRepeatedly(rawPath).replace(/\\/g, '/').replace(/\0/g, '').toLowerCase();
  const out: string[] = [];
  for (const raw of decoded.split('/')) {
    const segment = raw.split(';')[0]!.trim();
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** Splits a request target into path and query; absolute-form targets (`POST http://host/path`) carry the path after the authority. */
export function splitTarget(url: string): { path: string; query: string; absolute: boolean } {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(rawPath);
  return { path: absolute ? rawPath.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') : rawPath, query, absolute };
}

/** Plain segments of unreserved characters: what every server reads the same way. */
const plainPath = /^(?:\/[A-Za-z0-9\-_~]+(?:\.[A-Za-z0-9\-_~]+)*)+\/?$|^\/$/;

/** The path as sent when no server could read it otherwise, else undefined. */
export function canonicalPath(url: string): string | undefined {
  if (url.includes('#')) return undefined;
  const { path, absolute } = splitTarget(url);
  if (absolute || !plainPath.test(path)) return undefined;
  return path;
}

/** Method-override headers (Rails, Laravel, WordPress REST and others honour one or more). */
export const overrideHeaders = ['x-http-method-override', 'x-http-method', 'x-method-override'];

/** Values of every header that could be read as a method override: names compared the way CGI folds them (case, `_` for `-`). */
export function overrideValues(rawHeaders: string[], names: readonly string[] = overrideHeaders): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (names.includes(rawHeaders[i]!.toLowerCase().replace(/_/g, '-'))) values.push(rawHeaders[i + 1]!.trim().toUpperCase());
  }
  return values;
}

/**
 * The method to treat a request as: its own, unless any override the CMS
 * might honour names a method that writes. Every candidate counts, not just
 * the one a parser would keep: PHP stops reading variables at
 * max_input_vars, drops a `#fragment`, and servers fold header names
 * differently, so "the last one wins" is not one answer.
 */
export function effectiveMethod(method: string, candidates: string[]): string {
  const own = method.toUpperCase();
  return candidates.find((m) => m && !safeMethods.has(m)) ?? candidates.findLast((m) => m) ?? own;
}

export const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
