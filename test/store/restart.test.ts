import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { serveProcess } from '../helpers/cli.js';
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
});
