import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { RequestHead } from '../../src/cms/adapter.js';
import { genericAdapter } from '../../src/cms/generic/adapter.js';
import { TrustedProxies } from '../../src/cms/identity.js';
import { normalisePath } from '../../src/cms/path.js';
import { Router } from '../../src/gateway/route.js';
import { startRig, type TestRig } from '../helpers/gateway.js';
import { send } from '../helpers/http.js';

const marked = JSON.stringify({ title: '转发', content: '<p>秘密★1年</p><p>关于做好防汛工作的通知</p>' });

/** Every spelling of the posts endpoint that WordPress (PHP + Apache) would route to the same handler. */
const spellings: Array<[string, string, Record<string, string>?]> = [
  ['plain', '/wp-json/wp/v2/posts'],
  ['double slash', '//wp-json//wp/v2//posts'],
  ['dot segment', '/wp-json/./wp/v2/./posts'],
  ['dot-dot segment', '/wp-json/wp/v1/../v2/posts'],
  ['percent-encoded slash', '/wp-json%2Fwp%2Fv2%2Fposts'],
  ['percent-encoded dot segment', '/wp-json/%2e/wp/v2/posts'],
  ['double-encoded', '/wp-json/wp/v2/%2570osts'],
  ['upper case', '/WP-JSON/WP/V2/POSTS'],
  ['trailing slash', '/wp-json/wp/v2/posts/'],
  ['path parameter', '/wp-json/wp/v2/posts;x=1'],
  ['backslash', '/wp-json\\wp\\v2\\posts'],
  ['rest_route query', '/?rest_route=/wp/v2/posts'],
  ['rest_route encoded', '/index.php?rest_route=%2Fwp%2Fv2%2Fposts'],
  ['rest_route repeated (PHP keeps the last)', '/?rest_route=/x&rest_route=/wp/v2/posts'],
  ['update with id', '/wp-json/wp/v2/posts/42'],
  ['method override header', '/wp-json/wp/v2/posts/42', { 'X-HTTP-Method-Override': 'PUT' }],
  ['_method query', '/wp-json/wp/v2/posts/42?_method=PUT'],
];

describe('no side door: every spelling of an endpoint reaches the same rule', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig();
  });
  after(() => rig.close());

  for (const [name, path, headers] of spellings) {
    it(`${name}: ${path}`, async () => {
      const before = rig.upstream.received.length;
      let req = request(rig.gw.publicUrl).post(path).set('Content-Type', 'application/json');
      for (const [k, v] of Object.entries(headers ?? {})) req = req.set(k, v);
      const res = await req.send(marked);
      assert.equal(res.status, 403, `${path} → ${res.status} ${res.text.slice(0, 200)}`);
      // The WordPress REST shape proves the request met the wp-rest-posts rule, not the default.
      assert.equal(res.body.code, 'baomi_blocked');
      assert.equal(res.body.data.status, 403);
      assert.equal(rig.upstream.received.length, before);
    });
  }

  it('absolute-form request target (POST http://host/path): inspected when it names the Host, refused when it names another', async () => {
    const post = async (host: string) => (await send(rig.gw.publicUrl, 'POST', 'http://portal.example/wp-json/wp/v2/posts', { Host: host, 'Content-Type': 'application/json' }, marked)).status;
    assert.equal(await post('portal.example'), 403);
    assert.equal(await post('other.example'), 400);
  });

  it('a PUT, PATCH or DELETE with a body is inspected too', async () => {
    for (const method of ['put', 'patch', 'delete'] as const) {
      const res = await request(rig.gw.publicUrl)[method]('/wp-json/wp/v2/posts/7').set('Content-Type', 'application/json').send(marked);
      assert.equal(res.status, 403, method);
    }
  });

  it('an exempt route cannot be used as a door: the login exemption does not cover other paths that normalise elsewhere', async () => {
    const res = await request(rig.gw.publicUrl).post('/wp-login.php/../wp-json/wp/v2/posts').set('Content-Type', 'application/json').send(marked);
    assert.equal(res.status, 403);
  });
});

describe('route normalisation', () => {
  const adapter = genericAdapter({ charset: 'utf-8', identityHeaders: [], trustedProxies: new TrustedProxies([]) });
  const head = (url: string, method = 'POST', headers: Record<string, string> = {}): RequestHead => ({
    method,
    url,
    headers,
    rawHeaders: Object.entries(headers).flat(),
    remoteAddress: '127.0.0.1',
    hasBody: true,
  });
  const match = (router: Router, url: string, method = 'POST', headers: Record<string, string> = {}) => router.match(adapter.target(head(url, method, headers)), method).name;

  it('folds path spellings', () => {
    assert.equal(normalisePath('/A//b/./c/../d/'), '/a/b/d');
    assert.equal(normalisePath('/%252e%252e/x'), '/x');
    assert.equal(normalisePath('/a;jsessionid=1/b'), '/a/b');
    assert.equal(normalisePath('/%zz/b'), '/%zz/b');
  });

  it('matches method filters on the effective method', () => {
    const router = new Router([{ name: 'only-put', path: '/x', methods: ['PUT'], action: 'inspect', responder: 'auto' }]);
    assert.equal(match(router, '/x', 'POST', { 'x-http-method-override': 'PUT' }), 'only-put');
    assert.equal(match(router, '/x', 'POST'), 'other');
  });

  it('globs: * is one segment, a trailing /** is the base and everything below', () => {
    const router = new Router([
      { name: 'one', path: '/a/*/c', action: 'inspect', responder: 'auto' },
      { name: 'tree', path: '/t/**', action: 'inspect', responder: 'auto' },
    ]);
    assert.equal(match(router, '/a/b/c'), 'one');
    assert.equal(match(router, '/a/b/x/c'), 'other');
    assert.equal(match(router, '/t'), 'tree');
    assert.equal(match(router, '/t/1/2'), 'tree');
    assert.equal(match(router, '/tx'), 'other');
  });

  it('a pass route matches only the exact, unencoded path with its own method', () => {
    const router = new Router([{ name: 'login', path: '/login', methods: ['POST'], action: 'pass', responder: 'auto' }]);
    assert.equal(match(router, '/login'), 'login');
    assert.equal(match(router, '/login?next=/home'), 'login');
    for (const url of ['/LOGIN', '/%6Cogin', '/x/../login', '//login', '/login;a=b', '/./login', '/login\\', '/login#x', '/login?_method=PUT', 'http://h/login']) {
      assert.equal(match(router, url), 'other', url);
    }
    assert.equal(match(router, '/login', 'POST', { 'x-http-method-override': 'POST' }), 'other');
    assert.equal(match(router, '/login', 'POST', { X_HTTP_METHOD_OVERRIDE: 'POST' }), 'other');
  });
});
