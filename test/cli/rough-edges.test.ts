/** The operator CLI as a new user meets it: mistakes are errors, pipes end quietly, ports in use stop the process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import request from 'supertest';
import { AuditTrail } from '../../src/audit/chain.js';
import { isCalendarDate } from '../../src/registry/registry.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { baomi } from '../helpers/cli.js';
import { ADMIN_TOKEN, startRig } from '../helpers/gateway.js';

describe('operator CLI rough edges', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-rough-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every command answers --help with its own usage', () => {
    for (const command of ['serve', 'demo', 'demo-cms', 'scan', 'registry', 'audit', 'user', 'migrate']) {
      const r = baomi([command, '--help']);
      assert.equal(r.status, 0, command);
      assert.match(r.stdout, new RegExp(`baomi ${command}(\\s|$)`, 'm'), command);
    }
  });

  it('audit verify and export on a data directory that does not exist are errors, not an empty chain', () => {
    for (const verb of ['verify', 'export']) {
      const r = baomi(['audit', verb, '--data-dir', join(dir, 'no-such-dir')]);
      assert.equal(r.status, 1, verb);
      assert.match(r.stderr, /no store at .*no-such-dir/);
      assert.doesNotMatch(r.stdout, /intact/);
    }
  });

  it('audit export | head ends quietly', async () => {
    const dataDir = join(dir, 'many');
    const store = new SqliteStore(join(dataDir, 'baomi.db'));
    const audit = new AuditTrail(store.audit, randomBytes(32));
    for (let i = 0; i < 3000; i++) await audit.append('test', { n: i, pad: 'x'.repeat(100) });
    await store.close();
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" --import tsx src/cli/main.ts audit export --data-dir "${dataDir}" | head -1`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn')).join('\n'), '');
    assert.equal(JSON.parse(r.stdout).seq, 1);
  });

  it('a date that is no calendar day is refused by the CLI and the API (bad_date)', async () => {
    assert.ok(isCalendarDate('2024-02-29'));
    for (const bad of ['2024-13-45', '2023-02-29', '2024-4-1', '20240401']) assert.ok(!isCalendarDate(bad), bad);
    const file = join(dir, 'doc.txt');
    writeFileSync(file, '秘密★1年\n关于做好汛期安全防范工作的通知\n各乡镇人民政府：为切实做好今年汛期安全防范工作，确保人民群众生命财产安全。');
    const r = baomi(['registry', 'add', '--level', '秘密', '--received', '2024-13-45', '--data-dir', join(dir, 'reg'), file]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--received must be a real date/);
    const rig = await startRig();
    try {
      const res = await request(rig.gw.adminUrl).post(`/api/registry?level=${encodeURIComponent('秘密')}&receivedOn=2024-13-45`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'application/octet-stream').send(Buffer.from('x'));
      assert.deepEqual([res.status, res.body.error], [400, 'bad_date']);
    } finally {
      await rig.close();
    }
  });

  it('serve with its port in use exits non-zero instead of running half started', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as { port: number };
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
        env: { ...process.env, BAOMI_UPSTREAM: 'http://127.0.0.1:1', BAOMI_HOST: '127.0.0.1', BAOMI_PORT: String(port), BAOMI_ADMIN_PORT: '0', BAOMI_DATA_DIR: join(dir, 'busy'), BAOMI_LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.signal, null, 'it exited by itself');
      assert.equal(r.status, 1);
      assert.match(r.stderr, /EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});
