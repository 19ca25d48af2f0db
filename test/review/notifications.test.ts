/**
 * Reviewers hear of new held items and decisions through webhooks (generic
 * JSON, 企业微信 and 钉钉 robots): retried, never carrying content, never
 * holding up the editor's request.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { parseWebhooks, payload } from '../../src/notify/webhooks.js';
import { ADMIN_TOKEN, eventually, startRig, type TestRig } from '../helpers/gateway.js';

describe('review notifications', () => {
  const received: Array<{ path: string; body: any }> = [];
  const hanging: http.ServerResponse[] = [];
  let failuresLeft = 1;
  let hooks: http.Server;
  let rig: TestRig;

  before(async () => {
    hooks = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.url === '/hang') return void hanging.push(res);
        received.push({ path: req.url!, body: JSON.parse(body) });
        // The 企业微信 robot fails once: the delivery is retried.
        if (req.url === '/wecom' && failuresLeft-- > 0) return void res.writeHead(500).end();
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
    rig = await startRig({ env: { BAOMI_WEBHOOKS: `json=${base}/json, wecom=${base}/wecom dingtalk=${base}/dingtalk json=${base}/hang` } });
  });
  after(async () => {
    for (const res of hanging) res.destroy();
    await rig?.close();
    hooks.close();
  });

  it('tells every webhook of a new held item and of its decision, retrying a failure, without content, while a dead receiver holds nothing up', async () => {
    const held = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title: '会议', content: '<p>传达了机密★文件的要求。</p>' });
    const holdId = held.body.data.holdId as string;
    assert.equal(held.body.code, 'baomi_held');
    await eventually(() => assert.equal(hanging.length, 1, 'the hanging receiver got its request'), 5000);
    // The editor had the answer while that receiver still has not replied.
    assert.equal(hanging[0]!.writableEnded, false);

    await eventually(() => assert.ok(received.filter((r) => r.path === '/wecom').length >= 2, 'the failed 企业微信 delivery was retried'), 10_000);
    const json = received.find((r) => r.path === '/json')!.body;
    assert.deepEqual({ ...json, at: undefined }, { event: 'held', holdId, portal: 'default', route: 'wp-rest-posts', categories: ['classified-marking'], at: undefined });
    assert.equal(received.find((r) => r.path === '/wecom')!.body.msgtype, 'markdown');
    assert.match(received.find((r) => r.path === '/dingtalk')!.body.markdown.text, new RegExp(holdId));
    assert.ok(received.every((r) => !JSON.stringify(r.body).includes('机密★') && !JSON.stringify(r.body).includes('传达')), 'no content or evidence leaves the gateway');

    const rejected = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/reject`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ reason: '含涉密标志' });
    assert.equal(rejected.body.state, 'rejected');
    await eventually(() => assert.ok(received.some((r) => r.path === '/json' && r.body.event === 'decided' && r.body.decision === 'reject' && r.body.reviewer === 'admin')));
    assert.ok(received.every((r) => !JSON.stringify(r.body).includes('含涉密标志')), 'nor the reason');
    const metrics = (await request(rig.gw.adminUrl).get('/metrics')).text;
    assert.match(metrics, /baomi_notifications_total\{result="sent"\} [1-9]/);
  });

  it('refuses a webhook list it cannot read, naming the entry without its token', () => {
    assert.deepEqual(parseWebhooks('wecom=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc'), [{ format: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' }]);
    assert.throws(() => parseWebhooks('slack=https://hooks.example/x?token=secret'), (e: Error) => /is not FORMAT=URL/.test(e.message) && !e.message.includes('secret'));
    assert.deepEqual(payload('dingtalk', { event: 'decided', holdId: 'h1', portal: 'p', route: 'r', decision: 'released', reviewer: 'li', at: 'now' }), {
      msgtype: 'markdown',
      markdown: { title: '审查已决定 / Review decided', text: '审查项 / Item h1: 已放行 released\n审查人 Reviewer: li\n网站 Portal: p\n时间 Time: now' },
    });
  });
});
