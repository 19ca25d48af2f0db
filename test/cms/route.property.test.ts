import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { RequestHead } from '../../src/cms/adapter.js';
import { TrustedProxies } from '../../src/cms/identity.js';
import { normalisePath } from '../../src/cms/path.js';
import { wordpressAdapter } from '../../src/cms/wordpress/adapter.js';
import { Router } from '../../src/gateway/route.js';
import { loadPolicy } from '../../src/policy/load.js';
import { parseReport, phpSkip, sendRaw, startPhp, type PhpServer } from '../helpers/php.js';

/**
 * Property tests for route resolution: every respelling of an endpoint folds
 * to the same inspect route, and no respelling but the exact one reaches a
 * pass route.
 */

const adapter = wordpressAdapter({ charset: 'utf-8', identityHeaders: [], trustedProxies: new TrustedProxies([]) });
const router = new Router(loadPolicy('policies/default.yaml').routes);
const head = (url: string, method = 'POST', headers: Record<string, string> = {}): RequestHead => ({ method, url, headers, rawHeaders: Object.entries(headers).flat(), remoteAddress: '127.0.0.1', hasBody: true });
const match = (url: string, method = 'POST', headers: Record<string, string> = {}) => router.match(adapter.target(head(url, method, headers)), method);

const endpoints = ['/wp-login.php', '/wp-admin/post.php', '/wp-json/wp/v2/posts', '/wp-json/wp/v2/media/12', '/xmlrpc.php', '/wp-admin/async-upload.php', '/wp-comments-post.php'];

/** Respellings a server may read as the same path. */
const respell = (path: string) =>
  fc.array(fc.tuple(fc.nat(), fc.constantFrom('pct', 'upper', 'dot', 'dotdot', 'slash', 'param', 'encslash', 'double', 'backslash', 'trailing')), { minLength: 1, maxLength: 4 }).map((ops) => {
    let p = path;
    for (const [n, op] of ops) {
      const segs = p.split('/');
      if (segs.length < 2) continue;
      const i = 1 + (n % (segs.length - 1));
      switch (op) {
        case 'pct': {
          const chars = [...p];
          const at = n % chars.length;
          if (/[a-z0-9.-]/i.test(chars[at]!)) chars[at] = `%${chars[at]!.charCodeAt(0).toString(16).toUpperCase()}`;
          p = chars.join('');
          break;
        }
        case 'upper':
          p = p.toUpperCase();
          break;
        case 'dot':
          segs.splice(i, 0, '.');
          p = segs.join('/');
          break;
        case 'dotdot':
          segs.splice(i, 0, 'x', '..');
          p = segs.join('/');
          break;
        case 'slash':
          p = p.replace('/', '//');
          break;
        case 'param':
          segs[i] = `${segs[i]};jsessionid=${n}`;
          p = segs.join('/');
          break;
        case 'encslash':
          p = p.replace(/\/(?=[^/]*$)/, '%2F');
          break;
        case 'double':
          p = p.replace(/%([0-9A-F]{2})/, '%25$1');
          break;
        case 'backslash':
          p = p.replace(/\/(?=[^/]*$)/, '\\');
          break;
        case 'trailing':
          p = `${p}/`;
          break;
      }
    }
    return p;
  });

describe('route resolution (properties)', () => {
  it('every respelling of an endpoint folds to the same path and the same inspect route', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...endpoints).chain((e) => fc.tuple(fc.constant(e), respell(e))),
        ([endpoint, spelled]) => {
          assert.equal(normalisePath(spelled), normalisePath(endpoint), spelled);
          const original = match(endpoint);
          const folded = match(spelled);
          if (original.action === 'inspect') assert.equal(folded.name, original.name, spelled);
          else if (spelled !== endpoint) assert.equal(folded.action, 'inspect', `${spelled} must not reach the ${original.action} route`);
        },
      ),
      { numRuns: 2000, seed: 911 },
    );
  });

  it('only the exact spelling of the login reaches the pass route: any routing variable or override makes it inspected', () => {
    const routing = fc.constantFrom('rest_route=/wp/v2/posts', 'rest.route=/x', 'rest%20route=/x', 'rest%5Broute=/x', '%20rest_route=/x', 'REST_ROUTE=/x', '_method=PUT', '%5Fmethod=PUT', '_METHOD=PUT');
    const harmless = fc.constantFrom('', 'action=login', 'redirect_to=%2Fwp-admin%2F', 'loggedout=true', 'reauth=1');
    fc.assert(
      fc.property(harmless, fc.option(routing), fc.option(fc.constantFrom('X-HTTP-Method-Override', 'X_HTTP_METHOD_OVERRIDE', 'x-http-method', 'X-Method-Override')), (q1, r, h) => {
        const query = [q1, r].filter(Boolean).join('&');
        const url = `/wp-login.php${query ? `?${query}` : ''}`;
        const m = match(url, 'POST', h ? { [h]: 'POST' } : {});
        assert.equal(m.action, r || h ? 'inspect' : 'pass', `${url} ${h ?? ''}`);
      }),
      { numRuns: 500, seed: 912 },
    );
  });
});

describe('rest_route as PHP resolves it', { skip: phpSkip }, () => {
  let php: PhpServer;
  before(async () => {
    php = await startPhp();
  });
  after(() => php?.close());

  it('the adapter takes the rest_route PHP puts in $_GET, from any spelling, the last one winning', async () => {
    const keys = ['rest_route', 'rest.route', 'rest%20route', 'rest%5Broute', '%20rest_route', 'REST_ROUTE', 'rest_route%5B%5D', 'rest_Route', 'rest_route%00x'];
    const values = ['/wp/v2/posts', '/wp/v2/pages', '%2Fwp%2Fv2%2Fmedia', '/../../wp-login.php'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...values)), { minLength: 1, maxLength: 3 }), async (pairs) => {
        const query = pairs.map(([k, v]) => `${k}=${v}`).join('&');
        const res = await sendRaw(php.port, Buffer.from(`GET /index.php?${query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
        const get = parseReport(res.body).get as Array<[string, unknown]>;
        const route = get.find(([k]) => k === 'rest_route')?.[1];
        const expected = Buffer.isBuffer(route) ? normalisePath(`/wp-json/${route.toString('utf8')}`) : '/index.php';
        assert.equal(adapter.target(head(`/index.php?${query}`, 'GET')).path, expected, query);
      }),
      { numRuns: 300, seed: 913 },
    );
  });
});
