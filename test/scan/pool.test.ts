import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { markedHeader, renderPage } from '../fixtures/pages.js';
import { auditRecords } from '../helpers/audit.js';
import { eventually, startRig, type TestRig } from '../helpers/gateway.js';

function post(base: string, path: string, type: string, body: Buffer): Promise<{ status: number; json: Record<string, any>; at: number }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'Content-Type': type, 'Content-Length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString() || '{}'), at: performance.now() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Plain text that takes the detector well past a short time limit: ~40 MB of CJK lines. */
const heavyText = () => Buffer.from('关于进一步做好防汛抗旱工作的通知要求各地各部门高度重视\n'.repeat(500_000));

describe('scan workers: a scan is stopped at its time limit, and the gateway keeps serving meanwhile', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig({ policy: { limits: { scanTimeoutMs: 300, bodyBytes: 64 * 1024 * 1024 }, scan: { workers: 1 } } });
  });
  after(() => rig.close());

  it('holds a request whose scan computes past scanTimeoutMs, while pass-through requests are answered', async () => {
    const slow = post(rig.gw.publicUrl, '/wp-json/wp/v2/media', 'text/plain', heavyText());
    // A read streams past while the worker computes: it is answered first.
    await new Promise((r) => setTimeout(r, 50));
    const readAt = await request(rig.gw.publicUrl)
      .get('/news/1.html')
      .then(() => performance.now());
    const held = await slow;
    assert.equal(held.json.code, 'baomi_held');
    assert.equal(held.json.data.findings[0].rule, 'unscannable.timeout');
    assert.ok(readAt < held.at, 'the read was answered before the scan was given up');
    // The worker was replaced: the next publish is scanned as usual.
    const next = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title: 't', content: '<p>秘密★1年</p><p>通知</p>' });
    assert.equal(next.body.code, 'baomi_blocked');
    const metrics = (await request(rig.gw.adminUrl).get('/metrics')).text;
    assert.match(metrics, /^baomi_scan_worker_restarts_total\{reason="timeout"\} 1$/m);
  });
});

describe('scan workers: a worker that runs out of memory holds its request and is replaced', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig({ policy: { limits: { bodyBytes: 64 * 1024 * 1024, scanTimeoutMs: 60_000 }, scan: { workers: 1, memoryMb: 128 } } });
  });
  after(() => rig.close());

  it('holds, audits, and scans the next request', async () => {
    const held = await post(rig.gw.publicUrl, '/wp-json/wp/v2/media', 'text/plain', heavyText());
    assert.equal(held.json.code, 'baomi_held');
    assert.equal(held.json.data.findings[0].rule, 'unscannable.internal-error');
    await eventually(async () => assert.ok((await auditRecords(rig.gw.store)).some((e) => e.record.verdict === 'hold')));
    const next = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title: 't', content: '<p>通知</p>' });
    assert.equal(next.status, 201);
  });
});

describe('scan workers: images go through the gateway OCR pool', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig({ policy: { scan: { workers: 2 } } });
  });
  after(() => rig.close());

  it('blocks a scanned page carrying a mark, uploaded through a worker', async () => {
    const png = await renderPage(markedHeader);
    const res = await post(rig.gw.publicUrl, '/wp-json/wp/v2/media', 'image/png', png);
    assert.equal(res.json.code, 'baomi_blocked', JSON.stringify(res.json).slice(0, 300));
  });
});
