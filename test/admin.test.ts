import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { loadConfig } from '../src/config.js';
import { ADMIN_TOKEN, startRig } from './helpers/gateway.js';

describe('the admin listener keeps to itself', () => {
  it('listens on 127.0.0.1 unless told otherwise', () => {
    const config = loadConfig({ env: { BAOMI_UPSTREAM: 'http://127.0.0.1:1' } });
    assert.equal(config.adminHost, '127.0.0.1');
    assert.equal(loadConfig({ env: { BAOMI_UPSTREAM: 'http://127.0.0.1:1', BAOMI_ADMIN_HOST: '0.0.0.0' } }).adminHost, '0.0.0.0');
  });

  it('protects /metrics with BAOMI_METRICS_TOKEN when it is set', async () => {
    const rig = await startRig({ env: { BAOMI_METRICS_TOKEN: 'prometheus-scrape-token-01' } });
    try {
      assert.equal((await request(rig.gw.adminUrl).get('/metrics')).status, 401);
      assert.equal((await request(rig.gw.adminUrl).get('/metrics').set('Authorization', 'Bearer wrong-token-000000000')).status, 401);
      const ok = await request(rig.gw.adminUrl).get('/metrics').set('Authorization', 'Bearer prometheus-scrape-token-01');
      assert.equal(ok.status, 200);
      assert.match(ok.text, /baomi_audit_head_seq/);
    } finally {
      await rig.close();
    }
  });

  it('answers an oversized or broken JSON body with 413 or 400, not 500', async () => {
    const rig = await startRig();
    try {
      const big = JSON.stringify({ reason: 'x'.repeat(1024 * 1024) });
      const res = await request(rig.gw.adminUrl).post('/api/holds/abcdef123456/reject').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'application/json').send(big);
      assert.equal(res.status, 413);
      assert.equal(res.body.error, 'too_large');
      const broken = await request(rig.gw.adminUrl).post('/api/holds/abcdef123456/reject').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'application/json').send('{"reason":');
      assert.equal(broken.status, 400);
    } finally {
      await rig.close();
    }
  });
});
