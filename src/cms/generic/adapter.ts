import { normaliseUser, type CmsAdapter, type RequestHead } from '../adapter.js';
import { identityHeader, type TrustedProxies } from '../identity.js';
import { canonicalPath, effectiveMethod, normalisePath, overrideValues, safeMethods, splitTarget } from '../path.js';
import { parsePhpQuery } from '../php/form.js';

/**
 * Any other CMS that publishes through HTML forms, JSON APIs and multipart
 * uploads (the Java portal systems, say), configured by its profile alone.
 * Names are taken as written (servlet containers do not fold them); any
 * method-override header or `_method` variable counts; users are known only
 * from an identity header set by a trusted proxy.
 */
export function genericAdapter(options: { charset: string; identityHeaders: string[]; trustedProxies: TrustedProxies }): CmsAdapter {
  return {
    name: 'generic',
    model: {
      keyPath: (name) => (name ? [name] : undefined),
      mediaType: (contentType) => contentType.split(';')[0]!.trim().toLowerCase(),
      charset: options.charset,
    },

    target(head) {
      const { path: rawPath, query } = splitTarget(head.url);
      const vars = parsePhpQuery(query);
      const overrides = [...vars.filter((v) => v.name.toLowerCase() === '_method').map((v) => v.value.toString('latin1').trim().toUpperCase()), ...overrideValues(head.rawHeaders)];
      const method = effectiveMethod(head.method, overrides);
      const canonical = vars.some((v) => /method/i.test(v.name)) || overrideValues(head.rawHeaders).length ? undefined : canonicalPath(head.url);
      return { path: normalisePath(rawPath), method, canonical };
    },

    writes(head, target) {
      return head.hasBody || !safeMethods.has(head.method.toUpperCase()) || !safeMethods.has(target.method);
    },

    claims(head: RequestHead) {
      const header = identityHeader(head, options.identityHeaders);
      if (header && options.trustedProxies.trusts(head.remoteAddress)) return { user: normaliseUser(header), claims: [header], via: 'proxy-header' };
      return { user: null, claims: header ? [header] : [] };
    },

    async identify(head: RequestHead) {
      return this.claims(head);
    },

    responders: {},
  };
}
