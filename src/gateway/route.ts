import type { IncomingHttpHeaders } from 'node:http';
import type { RouteAction, RouteRule, Responder } from '../policy/schema.js';

/**
 * Route matching on the request as the CMS will understand it, so that no
 * spelling of an endpoint is a side door: percent-encoded slashes and dots,
 * `//`, `/./`, `..`, `;params`, backslashes, letter case, trailing slashes,
 * WordPress `?rest_route=` and method-override headers all reach one rule.
 */
export interface RouteTarget {
  /** Normalised path: lower case, decoded, no empty/dot segments, no trailing slash. */
  path: string;
  /** Effective method after X-HTTP-Method-Override / `_method`. */
  method: string;
}

export interface RouteMatch {
  name: string;
  action: RouteAction;
  responder: Responder;
  target: RouteTarget;
}

const overrideHeaders = ['x-http-method-override', 'x-http-method', 'x-method-override'];

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

function lastQueryValue(query: string, name: string): string | undefined {
  let value: string | undefined;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    let decodedKey: string;
    try {
      decodedKey = decodeURIComponent(key.replace(/\+/g, ' '));
    } catch {
      decodedKey = key;
    }
    if (decodedKey.toLowerCase() === name) value = eq < 0 ? '' : pair.slice(eq + 1).replace(/\+/g, ' ');
  }
  return value;
}

export function routeTarget(url: string, method: string, headers: IncomingHttpHeaders): RouteTarget {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  // Absolute-form request targets (`POST http://host/path`) carry the path after the authority.
  const pathOnly = /^[a-z][a-z0-9+.-]*:\/\//i.test(rawPath) ? rawPath.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') : rawPath;
  let path = normalisePath(pathOnly);
  const restRoute = query ? lastQueryValue(query, 'rest_route') : undefined;
  if (restRoute !== undefined) path = normalisePath(`/wp-json/${restRoute}`);
  let effective = method.toUpperCase();
  for (const name of overrideHeaders) {
    const v = headers[name];
    if (typeof v === 'string' && v.trim()) effective = v.trim().toUpperCase();
  }
  const fromQuery = query ? lastQueryValue(query, '_method') : undefined;
  if (fromQuery) effective = decodeRepeatedly(fromQuery).trim().toUpperCase();
  return { path, method: effective };
}

function globToRegExp(glob: string): RegExp {
  const norm = glob.toLowerCase().replace(/\/+$/, '') || '/';
  let src = '';
  for (let i = 0; i < norm.length; i++) {
    const c = norm[i]!;
    if (norm.startsWith('/**', i) && i + 3 === norm.length) {
      src += '(?:/.*)?';
      break;
    } else if (norm.startsWith('**', i)) {
      src += '.*';
      i++;
    } else if (c === '*') src += '[^/]*';
    else src += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}

/** Matches requests to policy routes; compiled once, at load. */
export class Router {
  private readonly compiled: Array<{ rule: RouteRule; re: RegExp }>;

  constructor(rules: RouteRule[]) {
    this.compiled = rules.map((rule) => ({ rule, re: globToRegExp(rule.path) }));
  }

  match(url: string, method: string, headers: IncomingHttpHeaders): RouteMatch {
    const target = routeTarget(url, method, headers);
    for (const { rule, re } of this.compiled) {
      if (rule.methods && !rule.methods.includes(target.method as never)) continue;
      if (re.test(target.path)) return { name: rule.name, action: rule.action, responder: rule.responder, target };
    }
    return { name: 'other', action: 'inspect', responder: 'auto', target };
  }
}
