import type { CmsTarget } from '../cms/adapter.js';
import type { Responder, RouteAction, RouteRule } from '../policy/schema.js';

/**
 * Matches requests to policy routes, compiled once, at load. Inspect routes
 * match the normalised path and the effective method, so no spelling of an
 * endpoint is a side door. A route that is not inspected (pass, monitor)
 * matches only a canonical request, by its exact path and its own method:
 * anything a server could read as another endpoint is inspected instead.
 */
export interface RouteMatch {
  name: string;
  action: RouteAction;
  responder: Responder;
  target: CmsTarget;
}

/** `*` is one segment, `**` any depth, a trailing `/**` the base and everything below; `slash` allows a trailing slash. */
function globToRegExp(glob: string, slash: boolean): RegExp {
  const norm = glob.replace(/\/+$/, '') || '/';
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
  return new RegExp(`^${src}${slash ? '/?' : ''}$`);
}

export class Router {
  private readonly compiled: Array<{ rule: RouteRule; folded: RegExp; exact: RegExp }>;

  constructor(rules: RouteRule[]) {
    this.compiled = rules.map((rule) => ({ rule, folded: globToRegExp(rule.path.toLowerCase(), true), exact: globToRegExp(rule.path, false) }));
  }

  match(target: CmsTarget, method: string): RouteMatch {
    const own = method.toUpperCase();
    for (const { rule, folded, exact } of this.compiled) {
      if (rule.action === 'inspect') {
        if (rule.methods && !rule.methods.includes(target.method as never)) continue;
        if (folded.test(target.path)) return { name: rule.name, action: rule.action, responder: rule.responder, target };
      } else {
        if (target.canonical === undefined || target.method !== own) continue;
        if (rule.methods && !rule.methods.includes(own as never)) continue;
        if (exact.test(target.canonical)) return { name: rule.name, action: rule.action, responder: rule.responder, target };
      }
    }
    return { name: 'other', action: 'inspect', responder: 'auto', target };
  }
}
