import { normaliseUser, type CmsAdapter, type Identity, type RefusalWriter, type RequestHead } from '../adapter.js';
import { identityHeader, type TrustedProxies } from '../identity.js';
import { canonicalPath, effectiveMethod, normalisePath, overrideValues, safeMethods, splitTarget } from '../path.js';
import { parsePhpQuery, phpScalar } from '../php/form.js';
import { phpMediaType } from '../php/content-type.js';
import { phpKeyPath } from '../php/variables.js';
import { claimedLogin, WordPressLogins, type CmsFetch } from './logins.js';

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

    async identify(head: RequestHead): Promise<Identity> {
      const proxied = options.trustedProxies.trusts(head.remoteAddress) ? identityHeader(head, options.identityHeaders) : undefined;
      if (proxied) return { user: normaliseUser(proxied), claimed: proxied, via: 'proxy-header' };
      const claimed = claimedLogin(head) ?? identityHeader(head, options.identityHeaders) ?? null;
      const login = await logins?.verify(head);
      return login ? { user: normaliseUser(login.name), claimed: claimed ?? login.name, via: login.via } : { user: null, claimed };
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
