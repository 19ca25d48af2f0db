import { normaliseUser, type CmsAdapter, type Identity, type RefusalWriter, type RequestHead } from '../adapter.js';
import { identityHeader, type TrustedProxies } from '../identity.js';
import { canonicalPath, effectiveMethod, normalisePath, overrideValues, safeMethods, splitTarget } from '../path.js';
import { parsePhpQuery, phpScalar } from '../php/form.js';
import { phpMediaType } from '../php/content-type.js';
import { phpKeyPath } from '../php/variables.js';
import { claimedLogins, WordPressLogins, type CmsFetch } from './logins.js';

/**
 * WordPress (PHP) behind the gateway. How it reads a request, from PHP's and
 * WordPress's own code (docs/cms-parsing.md):
 * - `rest_route` in $_GET (any spelling PHP folds to it: `rest.route`,
 *   `rest[route`, ` rest_route`; never `REST_ROUTE`, keys are case
 *   sensitive) sends any front-controller request to the REST API; the last
 *   one wins.
 * - The REST server takes the method from `$_GET['_method']`, else from
 *   X-HTTP-Method-Override, on any request, GET included: a GET can create
 *   a post.
 * - Variables and uploads are parsed by PHP (src/cms/php/), ignoring any
 *   declared charset; pages are served in blog_charset.
 */
export function wordpressAdapter(options: { charset: string; identityHeaders: string[]; trustedProxies: TrustedProxies; fetch?: CmsFetch }): CmsAdapter {
  const logins = options.fetch ? new WordPressLogins(options.fetch) : undefined;
  return {
    name: 'wordpress',
    model: { keyPath: phpKeyPath, mediaType: phpMediaType, charset: options.charset },

    target(head) {
      const { path: rawPath, query } = splitTarget(head.url);
      const vars = parsePhpQuery(query);
      const route = phpScalar(vars, 'rest_route');
      const path = route !== undefined ? normalisePath(`/wp-json/${route.toString('utf8')}`) : normalisePath(rawPath);
      // The REST server takes $_GET['_method'], else X-HTTP-Method-Override (in any spelling a server folds to it).
      const overrides = [...vars.filter((v) => v.path?.[0] === '_method').map((v) => v.value.toString('latin1').trim().toUpperCase()), ...overrideValues(head.rawHeaders, ['x-http-method-override'])];
      const method = effectiveMethod(head.method, overrides);
      // A request is canonical only when no spelling of a routing variable or override is anywhere in it.
      const routing = vars.some((v) => /^(rest_route|_method)$/i.test(v.path?.[0] ?? '') || /rest|method/i.test(v.name));
      const canonical = routing || overrideValues(head.rawHeaders).length ? undefined : canonicalPath(head.url);
      return { path, method, canonical };
    },

    writes(head, target) {
      return head.hasBody || !safeMethods.has(head.method.toUpperCase()) || !safeMethods.has(target.method);
    },

    claims(head: RequestHead): Identity {
      const header = identityHeader(head, options.identityHeaders);
      if (header && options.trustedProxies.trusts(head.remoteAddress)) return { user: normaliseUser(header), claims: [header], via: 'proxy-header' };
      return { user: null, claims: [...new Set([...claimedLogins(head), ...(header ? [header] : [])])] };
    },

    /**
     * The user WordPress confirms for the credentials the request carries.
     * Two credentials naming two users, or one that WordPress refuses beside
     * one it accepts, verify nobody: the request could be either's.
     */
    async identify(head: RequestHead): Promise<Identity> {
      const claimed = this.claims(head);
      if (claimed.user || !logins) return claimed;
      // The check goes to the site the Host names; a target naming another authority could be routed elsewhere: nobody verified.
      const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(head.url)?.[1];
      if (authority !== undefined && authority.toLowerCase() !== String(head.headers.host ?? '').toLowerCase()) return claimed;
      const check = await logins.check(head);
      const names = [...new Set(check.verified.map((v) => normaliseUser(v.name)))];
      const claims = [...new Set([...claimed.claims, ...check.verified.map((v) => v.name)])];
      return names.length === 1 && !check.failed ? { user: names[0]!, claims, via: check.verified[0]!.via } : { user: null, claims };
    },

    responders: { 'wp-rest': wpRest, 'wp-async-upload': wpAsyncUpload },
  };
}

/**
 * The REST error shape `{code, message, data: {status}}`: the block editor
 * shows "Publishing failed." and the message (plain text only). A 2xx makes
 * it say "Published", so a hold is an error status too.
 */
const wpRest: RefusalWriter = (res, r, send) => {
  const status = r.status < 400 ? 403 : r.status;
  const hold = r.holdId ? { holdId: r.holdId, statusUrl: r.statusUrl } : {};
  send(res, status, 'application/json; charset=utf-8', JSON.stringify({ code: r.code, message: r.message, data: { status, requestId: r.requestId, ...hold, findings: r.findings } }));
};

/** The classic media uploader shows data.message only for HTTP 200 with success:false. */
const wpAsyncUpload: RefusalWriter = (res, r, send) => {
  const hold = r.holdId ? { holdId: r.holdId, statusUrl: r.statusUrl } : {};
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ success: false, data: { message: r.message, filename: r.fileName ?? '', ...hold } }));
};
