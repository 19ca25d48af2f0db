import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import request from 'supertest';
import { makePdf } from '../fixtures/make.js';
import { auditRecords } from '../helpers/audit.js';
import { eventually, startRig, type TestRig } from '../helpers/gateway.js';

const markedHtml = '<p>秘密★1年</p><p>关于做好防汛工作的通知</p>';

/** Sends raw bytes with exact headers (supertest would re-encode some bodies). */
function rawPost(base: string, path: string, headers: Record<string, string | string[]>, body: Buffer | Buffer[]): Promise<{ status: number; body: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    for (const chunk of Array.isArray(body) ? body : [body]) req.write(chunk);
    req.end();
  });
}

describe('capture: limits, encodings, charsets and body processors', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig({ policy: { limits: { bodyBytes: 24 * 1024 * 1024, decodedBytes: 32 * 1024 * 1024 } } });
  });
  after(() => rig.close());
  beforeEach(() => {
    rig.upstream.received.length = 0;
  });

  it('refuses a body over the limit with 413, whether announced or streamed chunked, and audits it', async () => {
    const big = Buffer.alloc(24 * 1024 * 1024 + 1, 0x61);
    const announced = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': 'text/plain', 'Content-Length': String(big.length) }, big);
    assert.equal(announced.status, 413);
    assert.equal(JSON.parse(announced.body).code, 'baomi_body_too_large');
    const chunks = Array.from({ length: 25 }, () => Buffer.alloc(1024 * 1024, 0x62));
    const chunked = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' }, chunks);
    assert.equal(chunked.status, 413);
    assert.equal(rig.upstream.received.length, 0);
    await eventually(async () => {
      const tooLarge = (await auditRecords(rig.gw.store)).filter((e) => e.record.outcome === 'too-large');
      assert.equal(tooLarge.length, 2);
    });
  });

  it('forwards a 20 MB multipart upload byte for byte (sha256 at the upstream)', async () => {
    // Random bytes would sniff as an unknown binary type and be held (fail closed): use text the scanner reads.
    const text = Buffer.from('关于开展全民健身活动的通知\n'.repeat(Math.ceil((20 * 1024 * 1024) / 40))).subarray(0, 20 * 1024 * 1024);
    const boundary = '----baomi' + randomBytes(8).toString('hex');
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n通知\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="notice.txt"\r\nContent-Type: text/plain\r\n\r\n`),
      text,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/media', { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(body.length) }, body);
    assert.equal(res.status, 201, res.body.slice(0, 300));
    assert.equal(rig.upstream.received.length, 1);
    assert.equal(rig.upstream.received[0]!.sha256, createHash('sha256').update(body).digest('hex'));
  });

  it('decodes gzip, deflate and br bodies for inspection only: the CMS gets the compressed bytes', async () => {
    const json = Buffer.from(JSON.stringify({ title: 't', content: markedHtml }));
    for (const [coding, bytes] of [
      ['gzip', gzipSync(json)],
      ['deflate', deflateSync(json)],
      ['br', brotliCompressSync(json)],
    ] as const) {
      const res = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': 'application/json', 'Content-Encoding': coding }, bytes);
      assert.equal(res.status, 403, coding);
    }
    const cleanGz = gzipSync(Buffer.from(JSON.stringify({ title: 't', content: '<p>通知</p>' })));
    const ok = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, cleanGz);
    assert.equal(ok.status, 201);
    assert.deepEqual(rig.upstream.received[0]!.body, cleanGz);
    assert.equal(rig.upstream.received[0]!.headers['content-encoding'], 'gzip');
  });

  it('holds a compression bomb instead of unpacking it', async () => {
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20));
    const res = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' }, bomb);
    assert.equal(res.status, 403);
    assert.equal(JSON.parse(res.body).code, 'baomi_held');
    assert.match(JSON.parse(res.body).data.findings[0].rule, /unscannable\.too-large/);
  });

  it('holds a body in an unknown Content-Encoding or a corrupt one', async () => {
    for (const [coding, body] of [
      ['compress', Buffer.from('xyz')],
      ['gzip', Buffer.from('not gzip at all')],
    ] as const) {
      const res = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': 'text/plain', 'Content-Encoding': coding }, body);
      assert.equal(JSON.parse(res.body).code, 'baomi_held', coding);
    }
    assert.equal(rig.upstream.received.length, 0);
  });

  it('inspects a chunked body and forwards it with an exact Content-Length', async () => {
    const parts = [Buffer.from('{"title":"t","content":"<p>秘'), Buffer.from('密★1年</p><p>通知</p>"}')];
    const blocked = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, parts);
    assert.equal(blocked.status, 403);
    const clean = [Buffer.from('{"title":"t",'), Buffer.from('"content":"<p>通知</p>"}')];
    const ok = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, clean);
    assert.equal(ok.status, 201);
    assert.equal(rig.upstream.received[0]!.body.toString(), Buffer.concat(clean).toString());
    assert.equal(rig.upstream.received[0]!.headers['content-length'], String(Buffer.concat(clean).length));
    assert.equal(rig.upstream.received[0]!.headers['transfer-encoding'], undefined);
  });

  it('reads GBK and GB18030 form posts and text bodies', async () => {
    const form = Buffer.from(`post_title=${encodeGbk('通知')}&content=${encodeGbk('秘密★1年\n关于召开会议的通知')}`);
    const res = await rawPost(rig.gw.publicUrl, '/wp-admin/post.php', { 'Content-Type': 'application/x-www-form-urlencoded; charset=gbk' }, form);
    assert.equal(res.status, 403);
    const text = iconv.encode('机密★10年\n关于……的通知', 'gb18030');
    const res2 = await rawPost(rig.gw.publicUrl, '/upload', { 'Content-Type': 'text/plain; charset=gb18030' }, text);
    assert.equal(res2.status, 403);
    // Undeclared GBK text (not valid UTF-8) is recognised too.
    const res3 = await rawPost(rig.gw.publicUrl, '/upload', { 'Content-Type': 'text/plain' }, iconv.encode('绝密★长期\n正文', 'gbk'));
    assert.equal(res3.status, 403);
    assert.equal(rig.upstream.received.length, 0);
  });

  it('reads a raw file body with Content-Disposition, as WordPress media uploads send', async () => {
    const res = await request(rig.gw.publicUrl)
      .post('/wp-json/wp/v2/media')
      .set('Content-Type', 'text/html')
      .set('Content-Disposition', 'attachment; filename="notice.html"')
      .send(markedHtml);
    assert.equal(res.status, 403);
    assert.equal(res.body.data.findings[0].location.file, 'notice.html');
  });

  it('holds a file type no extractor reads yet, naming the sniffed type (fail closed)', async () => {
    // A RAR archive, sent as text: sniffed by its bytes, and nothing reads RAR.
    const rar = Buffer.concat([Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]), Buffer.alloc(64, 1)]);
    const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/media').set('Content-Type', 'text/plain').set('Content-Disposition', 'attachment; filename="a.txt"').send(rar);
    assert.equal(res.body.code, 'baomi_held');
    assert.match(res.body.data.findings[0].rule, /unscannable\.unsupported-format/);
    assert.match(res.body.data.findings[0].evidence, /application\/x-rar-compressed/);
    assert.equal(rig.upstream.received.length, 0);
  });

  it('blocks a marked PDF uploaded through the classic media uploader', async () => {
    const pdf = await makePdf([[{ text: '机密★10年', x: 72, y: 60 }, { text: '关于……的通知', x: 150, y: 200 }]]);
    const res = await request(rig.gw.publicUrl).post('/wp-admin/async-upload.php').attach('async-upload', pdf, { filename: 'notice.pdf', contentType: 'application/pdf' });
    assert.equal(res.status, 200);
    assert.equal(res.body.success, false);
    assert.match(res.body.data.message, /机密★10年/);
    assert.match(res.body.data.message, /notice\.pdf/);
    assert.equal(rig.upstream.received.length, 0);
  });

  it('holds JSON that parses two ways (duplicate keys), malformed JSON and nesting past the limit; a mark in it still blocks', async () => {
    const bodies = ['{"content":"<p>通知</p>","content":"<p>ok</p>"}', '{"content": "<p>x</p>"', '['.repeat(100) + ']'.repeat(100)];
    for (const body of bodies) {
      const res = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': 'application/json' }, Buffer.from(body));
      assert.equal(JSON.parse(res.body).code, 'baomi_held', body.slice(0, 40));
    }
    // Read as a whole when it is not one JSON value: the mark is found whichever key PHP keeps.
    const marked = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': 'application/json' }, Buffer.from('{"content":"<p>ok</p>","content":"<p>秘密★1年</p>"}'));
    assert.equal(JSON.parse(marked.body).code, 'baomi_blocked');
    assert.equal(rig.upstream.received.length, 0);
  });

  it('holds multipart bodies that parse two ways', async () => {
    const b = 'XyZ';
    const part = (disposition: string, value: string) => `--${b}\r\nContent-Disposition: ${disposition}\r\n\r\n${value}\r\n`;
    const cases: Array<[string, string, string]> = [
      ['two boundaries', `multipart/form-data; boundary=${b}; boundary=other`, part('form-data; name="a"', 'x') + `--${b}--\r\n`],
      ['filename* disagrees', `multipart/form-data; boundary=${b}`, part(`form-data; name="f"; filename="ok.txt"; filename*=UTF-8''evil.html`, 'x') + `--${b}--\r\n`],
      ['truncated', `multipart/form-data; boundary=${b}`, part('form-data; name="a"', 'x').slice(0, -4)],
    ];
    for (const [name, type, body] of cases) {
      const res = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/media', { 'Content-Type': type }, Buffer.from(body));
      const answer = JSON.parse(res.body);
      assert.equal(answer.code, 'baomi_held', name);
      assert.match(answer.data.findings[0].rule, /^unscannable\.(ambiguous|malformed)$/, name);
    }
    const twoTypes = await rawPost(rig.gw.publicUrl, '/wp-json/wp/v2/posts', { 'Content-Type': ['application/json', 'text/plain'] }, Buffer.from('{"a":"b"}'));
    assert.equal(JSON.parse(twoTypes.body).code, 'baomi_held', 'two Content-Type headers');
    assert.equal(rig.upstream.received.length, 0);
  });
});

function encodeGbk(s: string): string {
  return [...iconv.encode(s, 'gbk')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}
