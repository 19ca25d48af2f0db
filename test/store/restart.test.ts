import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { baomi, serveProcess } from '../helpers/cli.js';
import { eventually, writePolicy } from '../helpers/gateway.js';
import { startRecordingUpstream, type RecordingUpstream } from '../helpers/upstream.js';

const token = 'restart-test-admin-token-123';

describe('held items survive kill -9 and a restart', () => {
  let upstream: RecordingUpstream;
  let dataDir: string;
  before(async () => {
    upstream = await startRecordingUpstream();
    dataDir = mkdtempSync(join(tmpdir(), 'baomi-restart-'));
  });
  after(async () => {
    await upstream.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds, is killed, restarts, and the reviewer releases the same bytes', async () => {
    const env = { BAOMI_UPSTREAM: upstream.url, BAOMI_DATA_DIR: dataDir, BAOMI_ADMIN_TOKEN: token, BAOMI_LOG_LEVEL: 'info' };
    const first = await serveProcess(env);
    const body = JSON.stringify({ title: '动态', content: '<p>传达了机密★文件的要求。</p>' });
    const held = await request(first.publicUrl).post('/wp-json/wp/v2/posts').set('Content-Type', 'application/json').send(body);
    assert.equal(held.body.code, 'baomi_held');
    const holdId = held.body.data.holdId as string;
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));

    // The sealing key was created 0600 on first run and is reused.
    assert.equal(statSync(join(dataDir, 'seal.key')).mode & 0o777, 0o600);

    const second = await serveProcess(env);
    try {
      const shown = await request(second.adminUrl).get(`/api/holds/${holdId}`).set('Authorization', `Bearer ${token}`);
      assert.equal(shown.status, 200);
      assert.equal(shown.body.state, 'pending');
      const released = await request(second.adminUrl).post(`/api/holds/${holdId}/release`).set('Authorization', `Bearer ${token}`);
      assert.equal(released.body.state, 'released');
      assert.equal(upstream.received.length, 1);
      assert.equal(upstream.received[0]!.body.toString(), body);
    } finally {
      second.proc.kill('SIGTERM');
      await new Promise((r) => second.proc.once('exit', r));
    }
  });

  it('a release cut short by kill -9 becomes release-unknown once a replay could no longer be running: audited, alerted, decided by an officer', async () => {
    // A replay takes at most the upstream timeout (here 1 s, and 5 s of margin): after that the item lost its releaser.
    const policy = writePolicy({ upstream: { timeoutMs: 1000 } });
    const env = { BAOMI_UPSTREAM: upstream.url, BAOMI_DATA_DIR: dataDir, BAOMI_ADMIN_TOKEN: token, BAOMI_LOG_LEVEL: 'info', BAOMI_POLICY: policy.file };
    const first = await serveProcess(env);
    const held = await request(first.publicUrl).post('/wp-json/wp/v2/posts').set('Content-Type', 'application/json').send({ title: '动态', content: '<p>传达了秘密★文件的要求。</p>' });
    const holdId = held.body.data.holdId as string;
    // The CMS takes the replay and never answers; the gateway is killed while it waits.
    const replayed = new Promise<void>((resolve) => {
      upstream.respond = () => resolve();
    });
    void request(first.adminUrl).post(`/api/holds/${holdId}/release`).set('Authorization', `Bearer ${token}`).then(
      () => {},
      () => {},
    );
    await replayed;
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));
    upstream.respond = (_req, res) => {
      res.writeHead(201).end('{}');
    };

    const second = await serveProcess(env);
    const admin = (path: string, bearer = token) => request(second.adminUrl).post(path).set('Authorization', `Bearer ${bearer}`);
    try {
      const shown = await eventually(async () => {
        const r = await request(second.adminUrl).get(`/api/holds/${holdId}`).set('Authorization', `Bearer ${token}`);
        assert.equal(r.body.state, 'release-unknown');
        return r;
      }, 20_000);
      assert.equal(shown.body.state, 'release-unknown');
      const metrics = (await request(second.adminUrl).get('/metrics')).text;
      assert.match(metrics, /^baomi_holds_release_unknown 1$/m);
      const exported = baomi(['audit', 'export', '--data-dir', dataDir]);
      const kinds = exported.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.record.holdId === holdId).map((e) => e.kind);
      assert.deepEqual(kinds, ['inspection', 'release.intent', 'release.unknown']);
      // A reviewer may not decide; an officer who checked the CMS confirms it was published.
      const rita = baomi(['user', 'add', 'rita', '--role', 'reviewer', '--data-dir', dataDir]).stdout.trim();
      const olga = baomi(['user', 'add', 'olga', '--role', 'officer', '--data-dir', dataDir]).stdout.trim();
      assert.ok(rita && olga);
      assert.equal((await admin(`/api/holds/${holdId}/release`, rita)).body.error, 'officer_required');
      assert.equal((await admin(`/api/holds/${holdId}/confirm`, olga)).body.state, 'released');
    } finally {
      second.proc.kill('SIGTERM');
      await new Promise((r) => second.proc.once('exit', r));
    }
  });
});
