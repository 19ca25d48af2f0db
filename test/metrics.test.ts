import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { OcrPool } from '../src/extract/ocr/pool.js';
import { loadPolicy } from '../src/policy/load.js';
import { Scanner } from '../src/scanner.js';
import { ADMIN_TOKEN, eventually, startRig } from './helpers/gateway.js';

function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  assert.ok(line, `no series ${series}`);
  return Number(line.slice(series.length + 1));
}

describe('metrics after known traffic', () => {
  it('counts requests by route and verdict, findings, bytes, stages, holds and decisions', async () => {
    const rig = await startRig();
    try {
      const pub = request(rig.gw.publicUrl);
      await pub.get('/');
      await pub.get('/about');
      await pub.post('/wp-login.php').type('form').send({ log: 'a', pwd: 'b' });
      const clean = JSON.stringify({ title: 't', content: '<p>通知</p>' });
      await pub.post('/wp-json/wp/v2/posts').set('Content-Type', 'application/json').send(clean);
      await pub.post('/wp-json/wp/v2/posts').send({ title: 't', content: '<p>秘密★1年</p><p>x</p>' });
      await pub.post('/wp-json/wp/v2/posts').send({ title: 't', content: '<p>绝密★长期</p><p>y</p>' });
      const held = await pub.post('/wp-json/wp/v2/posts').send({ title: 't', content: '<p>传达机密★文件</p>' });
      await pub.post('/wp-json/wp/v2/pages').send({ title: 't2', content: '<p>传达秘密★文件</p>' });

      let text = (await request(rig.gw.adminUrl).get('/metrics')).text;
      assert.equal(value(text, 'baomi_requests_total{portal="default",route="passthrough",verdict="pass"}'), 2);
      assert.equal(value(text, 'baomi_requests_total{portal="default",route="wp-login",verdict="pass"}'), 1);
      assert.equal(value(text, 'baomi_requests_total{portal="default",route="wp-rest-posts",verdict="allow"}'), 1);
      assert.equal(value(text, 'baomi_requests_total{portal="default",route="wp-rest-posts",verdict="block"}'), 2);
      assert.equal(value(text, 'baomi_requests_total{portal="default",route="wp-rest-posts",verdict="hold"}'), 1);
      assert.equal(value(text, 'baomi_requests_total{portal="default",route="wp-rest-pages",verdict="hold"}'), 1);
      assert.equal(value(text, 'baomi_findings_total{category="classified-marking",rule="marking.level-line"}'), 2);
      assert.equal(value(text, 'baomi_findings_total{category="classified-marking",rule="marking.inline"}'), 2);
      // Five inspected requests and the login, a write on a pass route, which is recorded too.
      assert.equal(value(text, 'baomi_inspection_duration_seconds_count{stage="total"}'), 6);
      assert.equal(value(text, 'baomi_holds_pending'), 2);
      assert.ok(value(text, 'baomi_holds_oldest_age_seconds') >= 0);
      assert.ok(value(text, 'baomi_inspected_bytes_total') > Buffer.byteLength(clean));
      assert.equal(value(text, 'baomi_upstream_response_seconds_count'), 4);
      assert.match(text, /process_resident_memory_bytes/);

      await request(rig.gw.adminUrl).post(`/api/holds/${held.body.data.holdId}/reject`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ reason: '涉密' });
      text = (await request(rig.gw.adminUrl).get('/metrics')).text;
      assert.equal(value(text, 'baomi_review_decisions_total{decision="reject"}'), 1);
      assert.equal(value(text, 'baomi_holds_pending'), 1);
      const health = await request(rig.gw.adminUrl).get('/healthz');
      assert.equal(health.body.status, 'ok');
      const ready = await request(rig.gw.adminUrl).get('/readyz');
      assert.equal(ready.status, 200);
    } finally {
      await rig.close();
    }
  });

  it('is not ready until the OCR engine has loaded, and not ready when it cannot load', async () => {
    const warmed = await startRig({ warmOcr: true });
    try {
      // The default engine (PP-OCR in a worker thread) loads in about a second.
      await eventually(async () => {
        const ready = await request(warmed.gw.adminUrl).get('/readyz');
        assert.equal(ready.status, 200, JSON.stringify(ready.body));
        assert.equal(ready.body.checks.ocr, true);
      }, 30_000);
      assert.equal(warmed.gw.scanner.ocr?.stats.engines, 1);
    } finally {
      await warmed.close();
    }
    const broken = await startRig({
      warmOcr: true,
      scanner: (file) => new Scanner(loadPolicy(file), { ocr: new OcrPool({ start: () => Promise.reject(new Error('model file unreadable')) }) }),
    });
    try {
      await eventually(async () => {
        const ready = await request(broken.gw.adminUrl).get('/readyz');
        assert.equal(ready.status, 503);
        assert.equal(ready.body.checks.ocr, false);
      });
    } finally {
      await broken.close();
    }
  });
});

