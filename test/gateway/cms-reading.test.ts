import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import request from 'supertest';
import { makeDocx, makePdf } from '../fixtures/make.js';
import { auditRecords } from '../helpers/audit.js';
import { ADMIN_TOKEN, eventually, startRig, type TestRig } from '../helpers/gateway.js';
import { send } from '../helpers/http.js';

/**
 * One or more cases for each way the CMS reads a request that the gateway
 * once read otherwise (issue: read every request exactly as the CMS will).
 * The differential test (test/differential) checks the same against real
 * PHP on a generated corpus; these run against the recording upstream and
 * check the gateway's answers, audit entries and approvals too.
 */

const mark = '秘密★1年';
const enc = encodeURIComponent;

const raw = send;

const code = (r: { json: Record<string, any> }) => r.json.code ?? r.json.error;

describe('reading requests as the CMS does', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig();
  });
  after(() => rig.close());
  beforeEach(() => {
    rig.upstream.received.length = 0;
  });

  it('inspects the query of every write: a POST with an empty body, a GET the REST server turns into a POST', async () => {
    const post = await raw(rig.gw.publicUrl, 'POST', `/wp-json/wp/v2/posts?content=${enc(mark)}`, {});
    assert.equal(code(post), 'baomi_blocked');
    const get = await raw(rig.gw.publicUrl, 'GET', `/?rest_route=/wp/v2/posts&_method=POST&title=${enc(mark)}`, {});
    assert.equal(code(get), 'baomi_blocked');
    // A reader's search is not a write: it passes, as without the gateway.
    const search = await raw(rig.gw.publicUrl, 'GET', `/?s=${enc(mark)}`, {});
    assert.equal(search.status, 201);
    assert.equal(rig.upstream.received.length, 1);
    await eventually(async () => {
      const blocked = (await auditRecords(rig.gw.store)).filter((e) => e.record.verdict === 'block' && e.record.bodyBytes === 0);
      assert.ok(blocked.length >= 2, 'the empty-bodied writes are audited');
    });
  });

  it('audits writes that are not inspected (a login) and writes without a body (a DELETE)', async () => {
    await raw(rig.gw.publicUrl, 'POST', '/wp-login.php', { 'Content-Type': 'application/x-www-form-urlencoded' }, Buffer.from('log=a&pwd=b'));
    const del = await raw(rig.gw.publicUrl, 'DELETE', '/wp-json/wp/v2/posts/5?force=true', {});
    assert.equal(del.status, 201);
    await eventually(async () => {
      const records = (await auditRecords(rig.gw.store)).map((e) => e.record);
      assert.ok(records.some((r) => r.route === 'wp-login' && r.verdict === 'pass' && r.outcome === 'forwarded' && r.upstreamStatus === 201));
      assert.ok(records.some((r) => r.method === 'DELETE' && r.verdict === 'allow' && r.outcome === 'forwarded'));
    });
  });

  it('pass routes take only the canonical spelling: others are inspected', async () => {
    for (const path of ['/wp-admin/post.php/..;/..;/wp-login.php', `/?rest_route=/wp/v2/posts&REST_ROUTE=/../../wp-login.php`, '/index.php?rest.route=/wp/v2/posts', '/%77p-login.php']) {
      const res = await raw(rig.gw.publicUrl, 'POST', path, { 'Content-Type': 'application/x-www-form-urlencoded' }, Buffer.from(`content=${enc(mark)}`));
      assert.equal(res.status, 403, path);
    }
    assert.equal(rig.upstream.received.length, 0);
  });

  it('reads form bytes as the CMS stores them, whatever charset is declared, and in GB18030', async () => {
    const utf8 = Buffer.from(`content=${enc(mark)}`);
    const gbk = Buffer.from(`content=${[...Buffer.from([0xc3, 0xd8, 0xc3, 0xdc, 0xa1, 0xef, 0x31, 0xc4, 0xea])].map((b) => `%${b.toString(16)}`).join('')}`);
    for (const [charset, body] of [['iso-8859-1', utf8], ['utf-16le', utf8], ['utf-7', utf8], ['', gbk]] as const) {
      const res = await raw(rig.gw.publicUrl, 'POST', '/wp-admin/post.php', { 'Content-Type': `application/x-www-form-urlencoded${charset ? `; charset=${charset}` : ''}` }, body);
      assert.equal(res.status, 403, charset || 'GBK, undeclared');
    }
    const multipart = Buffer.from(`--B\r\nContent-Disposition: form-data; name="a"\r\nContent-Type: text/plain; charset=latin1\r\n\r\n${mark}\r\n--B--\r\n`);
    assert.equal((await raw(rig.gw.publicUrl, 'POST', '/wp-admin/post.php', { 'Content-Type': 'multipart/form-data; boundary=B' }, multipart)).status, 403);
    assert.equal(rig.upstream.received.length, 0);
  });

  it('holds a compressed body followed by more bytes, and refuses transfer codings besides chunked', async () => {
    const trailing = Buffer.concat([deflateSync(Buffer.from('title=a')), Buffer.from('&content=ok')]);
    const held = await raw(rig.gw.publicUrl, 'POST', '/wp-admin/post.php', { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'deflate', Accept: 'application/json' }, trailing);
    assert.match(held.text, /after the end of the deflate stream/);
    const { port } = new URL(rig.gw.publicUrl);
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('POST /wp-admin/post.php HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n3\r\na=1\r\n0\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => {
        text += d;
        if (text.includes('\r\n\r\n')) socket.destroy();
      });
      socket.on('close', () => resolve(text));
    });
    assert.match(answer, /^HTTP\/1\.1 400/);
    assert.equal(rig.upstream.received.length, 0);
    await eventually(async () => assert.ok((await auditRecords(rig.gw.store)).some((e) => e.record.outcome === 'refused' && /Transfer-Encoding/.test(e.record.error))));
  });

  it('reads the boundary PHP reads, and holds a body two parsers would read apart', async () => {
    const body = Buffer.from(`--AAA\r\nContent-Disposition: form-data; name="content"\r\n\r\n${mark}\r\n--AAA--\r\n`);
    const marked = await raw(rig.gw.publicUrl, 'POST', '/wp-json/wp/v2/media', { 'Content-Type': 'multipart/form-data; xboundary=AAA; boundary=BBB' }, body);
    assert.equal(code(marked), 'baomi_blocked', 'PHP reads boundary AAA and sees the mark');
    const after = Buffer.from(`--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nok\r\n--B--\r\n--B\r\nContent-Disposition: form-data; name="b"\r\n\r\nok too\r\n--B--\r\n`);
    const held = await raw(rig.gw.publicUrl, 'POST', '/wp-json/wp/v2/media', { 'Content-Type': 'multipart/form-data; boundary=B' }, after);
    assert.equal(code(held), 'baomi_held');
    assert.equal(held.json.data.findings[0].rule, 'unscannable.ambiguous');
  });

  it('decodes XML-RPC uploads into files (PDF, DOCX) and scans names: JSON keys, form names, file names', async () => {
    const pdf = await makePdf([[{ text: mark, x: 60, y: 60 }, { text: '关于做好防汛工作的通知', x: 60, y: 120 }]]);
    const docx = makeDocx({ body: [mark, '关于做好防汛工作的通知'] });
    for (const [name, bytes] of [['notice.pdf', pdf], ['notice.docx', docx]] as const) {
      const xml = `<?xml version="1.0"?><methodCall><methodName>wp.uploadFile</methodName><params><param><value><string>1</string></value></param><param><value><string>ed</string></value></param><param><value><string>pw</string></value></param><param><value><struct><member><name>name</name><value><string>${name}</string></value></member><member><name>bits</name><value><base64>${bytes.toString('base64')}</base64></value></member></struct></value></param></params></methodCall>`;
      const res = await raw(rig.gw.publicUrl, 'POST', '/xmlrpc.php', { 'Content-Type': 'text/xml' }, Buffer.from(xml));
      assert.match(res.text, /<fault>/, name);
      assert.match(res.text, new RegExp(name.replace('.', '\\.')), 'the editor is told which file');
    }
    const key = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ meta: { [mark]: 'x' } });
    assert.ok(key.status === 403, 'a JSON key');
    const field = await raw(rig.gw.publicUrl, 'POST', '/wp-admin/admin-ajax.php', { 'Content-Type': 'application/x-www-form-urlencoded' }, Buffer.from(`action=a&${enc(mark)}=1`));
    assert.ok(field.status >= 400 || code(field) === 'baomi_held', 'a form name');
    const file = Buffer.from(`--B\r\nContent-Disposition: form-data; name="async-upload"; filename="${mark}.txt"\r\n\r\nok\r\n--B--\r\n`);
    const fileName = await raw(rig.gw.publicUrl, 'POST', '/wp-admin/async-upload.php', { 'Content-Type': 'multipart/form-data; boundary=B' }, file);
    assert.equal(fileName.json.success, false, 'a file name (WordPress makes it the attachment title)');
    assert.equal(rig.upstream.received.length, 0);
  });

  it('caps fields: a form with a million empty fields is held at once, not parsed for a minute', async () => {
    const body = Buffer.from('a=&'.repeat(1_000_000));
    const res = await raw(rig.gw.publicUrl, 'POST', '/wp-admin/admin-ajax.php', { 'Content-Type': 'application/x-www-form-urlencoded' }, body);
    assert.equal(code(res), 'baomi_held');
    assert.equal(res.json.findings[0].rule, 'unscannable.too-many-parts');
    const leaves = JSON.stringify({ list: Array.from({ length: 20_000 }, (_, i) => `v${i}`) });
    const json = await raw(rig.gw.publicUrl, 'POST', '/wp-json/wp/v2/posts', { 'Content-Type': 'application/json' }, Buffer.from(leaves));
    assert.equal(code(json), 'baomi_held', json.text.slice(0, 300));
    assert.equal(rig.upstream.received.length, 0);
  });
});

describe('approvals bind the whole request', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig();
  });
  after(() => rig.close());
  const admin = (path: string) => request(rig.gw.adminUrl).post(path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);

  it('a request read two ways cannot be approved, so one approval never lets other malformed requests through', async () => {
    const malformed = (n: number) => raw(rig.gw.publicUrl, 'POST', '/wp-json/wp/v2/posts', { 'Content-Type': ['application/json', 'text/plain'] }, Buffer.from(JSON.stringify({ content: `第${n}条` })));
    const first = await malformed(1);
    assert.equal(code(first), 'baomi_held');
    const approve = await admin(`/api/holds/${first.json.data.holdId}/approve`);
    assert.equal(approve.status, 409);
    assert.equal(approve.body.error, 'not_approvable');
    assert.equal(code(await malformed(2)), 'baomi_held');
    assert.equal(rig.upstream.received.length, 0);
  });

  it('approved content passes only to the same endpoint with the same query', async () => {
    const body = JSON.stringify({ title: '动态', content: '<p>传达了机密★文件的要求。</p>' });
    const held = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').set('Content-Type', 'application/json').send(body);
    assert.equal((await admin(`/api/holds/${held.body.data.holdId}/approve`)).body.state, 'approved');
    const elsewhere = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/pages').set('Content-Type', 'application/json').send(body);
    assert.equal(elsewhere.body.code, 'baomi_held');
    const moreQuery = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts?status=publish').set('Content-Type', 'application/json').send(body);
    assert.equal(moreQuery.body.code, 'baomi_held');
    const same = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').set('Content-Type', 'application/json').send(body);
    assert.equal(same.status, 201);
  });
});

describe('identity from a trusted proxy', () => {
  it('X-Remote-User names the submitter only from BAOMI_TRUSTED_PROXIES', async () => {
    const rig = await startRig({ env: { BAOMI_TRUSTED_PROXIES: '127.0.0.0/8, ::1' } });
    try {
      const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').set('X-Remote-User', 'Carol').send({ title: 't', content: '<p>传达了机密★文件的要求。</p>' });
      const item = await request(rig.gw.adminUrl).get(`/api/holds/${res.body.data.holdId}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      assert.equal(item.body.submitter, 'carol');
    } finally {
      await rig.close();
    }
  });
});

