import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { WebSocket, WebSocketServer } from 'ws';
import { auditRecords } from '../helpers/audit.js';
import { eventually, startRig, type TestRig } from '../helpers/gateway.js';
import { startRecordingUpstream } from '../helpers/upstream.js';

describe('pass-through traffic behaves as without the gateway', () => {
  let rig: TestRig;
  let wss: WebSocketServer;
  const download = Buffer.alloc(8 * 1024 * 1024, 7);
  before(async () => {
    const upstream = await startRecordingUpstream();
    upstream.respond = (req, res) => {
      if (req.url === '/big.bin') {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        // Written in pieces without Content-Length: streamed, chunked.
        for (let i = 0; i < 8; i++) res.write(download.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
        res.end();
        return;
      }
      res.writeHead(200, [['Content-Type', 'text/html'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']].flat());
      res.end(`<p>${req.method} ${req.url}</p>`);
    };
    wss = new WebSocketServer({ server: upstream.server });
    wss.on('connection', (socket) => socket.on('message', (m) => socket.send(`echo:${m}`)));
    rig = await startRig({ upstream, policy: { upstream: { timeoutMs: 500 }, upgrades: ['/ws'] } });
  });
  after(async () => {
    await rig.close();
    wss.close();
    await rig.upstream.close();
  });

  it('passes a GET untouched: path and query, Host, cookies, repeated Set-Cookie', async () => {
    const res = await request(rig.gw.publicUrl).get('/2024/05/news.html?p=1&x=%E4%B8%AD').set('Cookie', 'wordpress_logged_in_x=ed%7C1').set('Accept-Language', 'zh-CN');
    assert.equal(res.status, 200);
    assert.equal(res.text, '<p>GET /2024/05/news.html?p=1&x=%E4%B8%AD</p>');
    assert.deepEqual(res.headers['set-cookie'], ['a=1', 'b=2']);
    const got = rig.upstream.received.at(-1)!;
    assert.equal(got.headers.cookie, 'wordpress_logged_in_x=ed%7C1');
    assert.equal(got.headers['accept-language'], 'zh-CN');
    assert.equal(got.headers.host, new URL(rig.gw.publicUrl).host);
    assert.equal(got.headers['x-forwarded-for'], '127.0.0.1');
  });

  it('streams a large download intact', async () => {
    const res = await request(rig.gw.publicUrl).get('/big.bin').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    assert.equal(res.status, 200);
    assert.equal(createHash('sha256').update(res.body as Buffer).digest('hex'), createHash('sha256').update(download).digest('hex'));
  });

  it('keeps client connections alive across requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const port = new URL(rig.gw.publicUrl).port;
    const sockets = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: `/k${i}`, agent }, (res) => {
          sockets.add(res.socket);
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
      });
    }
    agent.destroy();
    assert.equal(sockets.size, 1);
  });

  it('refuses protocol upgrades except on the paths the policy lists: a tunnel would carry uninspected requests', async () => {
    for (const path of ['/other', '/wp-json/wp/v2/posts', '/ws/../x']) {
      const ws = new WebSocket(`${rig.gw.publicUrl.replace('http', 'ws')}${path}`);
      const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!)));
      assert.equal(status, 403, path);
    }
    const { port } = new URL(rig.gw.publicUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write('GET /wp-admin/ HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 403/);
    await eventually(async () => {
      const upgrades = (await auditRecords(rig.gw.store)).filter((e) => e.kind === 'upgrade');
      assert.ok(upgrades.filter((e) => e.record.outcome === 'refused').length >= 4);
    });
  });

  it('proxies websockets on a listed path', async () => {
    const ws = new WebSocket(`${rig.gw.publicUrl.replace('http', 'ws')}/ws`);
    const reply = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('你好'));
      ws.on('message', (m) => resolve(String(m)));
      ws.on('error', reject);
    });
    ws.close();
    assert.equal(reply, 'echo:你好');
  });
});

describe('upstream failures', () => {
  it('answers 502 when the CMS is down, and records nothing as published', async () => {
    const upstream = await startRecordingUpstream();
    const rig = await startRig({ upstream });
    await upstream.close();
    try {
      const get = await request(rig.gw.publicUrl).get('/');
      assert.equal(get.status, 502);
      const post = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title: 't', content: '<p>通知</p>' });
      assert.equal(post.status, 502);
      assert.equal(post.body.code, 'baomi_upstream_unreachable');
      assert.match(post.body.message, /无法连接/);
      const metrics = (await request(rig.gw.adminUrl).get('/metrics')).text;
      assert.match(metrics, /baomi_upstream_errors_total\{kind="unreachable"\} 2/);
      await eventually(async () => {
        const outcomes = (await auditRecords(rig.gw.store)).map((e) => e.record.outcome);
        assert.deepEqual(outcomes, ['upstream-error']);
      });
      const ready = await request(rig.gw.adminUrl).get('/readyz');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.checks.upstream, false);
    } finally {
      await rig.close();
    }
  });

  it('answers 504 when the CMS is too slow', async () => {
    const upstream = await startRecordingUpstream();
    upstream.respond = (_req, res) => setTimeout(() => res.end('late'), 1500);
    const rig = await startRig({ upstream, policy: { upstream: { timeoutMs: 300 } } });
    try {
      const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title: 't', content: '<p>通知</p>' });
      assert.equal(res.status, 504);
      assert.equal(res.body.code, 'baomi_upstream_timeout');
      const get = await request(rig.gw.publicUrl).get('/slow');
      assert.equal(get.status, 504);
    } finally {
      await rig.close();
      await upstream.close();
    }
  });
});
