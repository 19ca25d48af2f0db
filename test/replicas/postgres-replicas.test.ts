/**
 * Three `baomi serve` processes on one PostgreSQL database behind a recording
 * upstream: mixed traffic across them, one killed with -9 in the middle, its
 * holds released from the others (each exactly once), a document registered
 * on one and matched on another, and the audit chain verified whole.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { makeDoc } from '../fixtures/make.js';
import { officialText } from '../fixtures/official-text.js';
import { baomi, serveProcess, type ServeProcess } from '../helpers/cli.js';
import { freshDatabase, stopPostgres, type TestDatabase } from '../helpers/postgres.js';
import { startRecordingUpstream, type RecordingUpstream } from '../helpers/upstream.js';

after(stopPostgres);

const token = 'replicas-admin-token-0123456789';
const kinds = ['clean', 'hold', 'block'] as const;
const contentOf = { clean: (n: number) => `<p>第${n}期工作动态：召开例会。</p>`, hold: () => '<p>传达了机密★文件的要求。</p>', block: (n: number) => `<p>秘密★1年</p><p>第${n}号通知</p>` };
const registeredBody = officialText(4242, 1200, 0);

describe('three gateway replicas on PostgreSQL', () => {
  let upstream: RecordingUpstream;
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let store: Store;
  const replicas: ServeProcess[] = [];
  const dirs: string[] = [];

  before(async () => {
    upstream = await startRecordingUpstream();
    db = await freshDatabase();
    const key = () => randomBytes(32).toString('base64');
    env = { BAOMI_UPSTREAM: upstream.url, BAOMI_STORE_URL: db.url, BAOMI_ADMIN_TOKEN: token, BAOMI_SEAL_KEY: key(), BAOMI_AUDIT_KEY: key(), BAOMI_REGISTRY_KEY: key(), BAOMI_LOG_LEVEL: 'info' };
    for (let i = 0; i < 3; i++) {
      dirs.push(mkdtempSync(join(tmpdir(), `baomi-replica-${i}-`)));
      replicas.push(await serveProcess({ ...env, BAOMI_DATA_DIR: dirs[i] }));
    }
    store = await openStore({ backend: 'postgres', url: db.url });
  });
  after(async () => {
    for (const r of replicas) r.proc.kill('SIGKILL');
    await store?.close();
    await upstream?.close();
    await db?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses to start a replica on PostgreSQL without the shared keys, or with other ones', () => {
    const r = baomi(['serve'], { env: { ...env, BAOMI_SEAL_KEY: '', BAOMI_DATA_DIR: dirs[0], BAOMI_PORT: '0', BAOMI_ADMIN_PORT: '0' } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /BAOMI_SEAL_KEY or BAOMI_SEAL_KEY_FILE/);
    // Another registry key than the running replicas' would never match what they registered: refused too.
    const other = baomi(['serve'], { env: { ...env, BAOMI_REGISTRY_KEY: randomBytes(32).toString('base64'), BAOMI_DATA_DIR: dirs[0], BAOMI_PORT: '0', BAOMI_ADMIN_PORT: '0' } });
    assert.equal(other.status, 1);
    assert.match(other.stderr, /the registry key .* is not the one .* was written with/);
  });

  it('loses no hold and publishes nothing twice when a replica is killed mid-load; another registers and all match', async () => {
    const answered = new Map<number, { kind: (typeof kinds)[number]; replica: number; outcome: string; holdId?: string; requestId?: string }>();
    const send = async (n: number, replica: number) => {
      const kind = kinds[n % 3]!;
      try {
        const res = await request(replicas[replica]!.publicUrl).post('/wp-json/wp/v2/posts').send({ title: `replica-test-${n}`, content: contentOf[kind](n) });
        answered.set(n, { kind, replica, outcome: res.status === 201 ? 'published' : String(res.body?.code), holdId: res.body?.data?.holdId, requestId: res.body?.data?.requestId });
      } catch {
        /* in flight to the replica killed below: the editor sees a dropped connection and sends again */
      }
    };
    const total = 60;
    for (let n = 0; n < total; n += 6) {
      // Replica 2 is killed while the batch from 30 is in flight to it; later batches go to the two left.
      const killing = n === 30 ? setTimeout(() => replicas[2]!.proc.kill('SIGKILL'), 15) : undefined;
      const alive = n <= 30 ? 3 : 2;
      // Kinds and replicas out of step, so every replica sees every kind.
      await Promise.all(Array.from({ length: 6 }, (_, i) => send(n + i, (n + i + Math.floor((n + i) / 3)) % alive)));
      if (killing) await new Promise((r) => (replicas[2]!.proc.exitCode !== null || replicas[2]!.proc.signalCode ? r(undefined) : replicas[2]!.proc.once('exit', r)));
    }
    // Every answer is the verdict its content calls for.
    for (const [n, a] of answered) assert.equal(a.outcome, { clean: 'published', hold: 'baomi_held', block: 'baomi_blocked' }[a.kind], `request ${n} (${a.kind}) on replica ${a.replica}`);
    assert.ok(answered.size >= total - 6, `${answered.size} of ${total} answered`);

    // Every hold a client was told of is in the store, the killed replica's too, and is released exactly once.
    const pending = new Set((await request(replicas[0]!.adminUrl).get('/api/holds?state=pending&limit=500').set('Authorization', `Bearer ${token}`)).body.items.map((h: { id: string }) => h.id));
    const told = [...answered.values()].filter((a) => a.holdId).map((a) => a.holdId!);
    assert.ok(told.length >= 18);
    for (const id of told) assert.ok(pending.has(id), `hold ${id} is pending`);
    assert.ok(told.some((id) => [...answered.values()].find((a) => a.holdId === id)!.replica === 2), 'the killed replica held some');
    for (const id of pending) {
      const results = await Promise.all([0, 1].map((r) => request(replicas[r]!.adminUrl).post(`/api/holds/${id}/release`).set('Authorization', `Bearer ${token}`)));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 409], `hold ${id} released once: ${results.map((r) => JSON.stringify(r.body)).join(' / ')}`);
    }
    const titles = upstream.received.map((r) => JSON.parse(r.body.toString()).title as string);
    for (const [n, a] of answered) {
      const times = titles.filter((t) => t === `replica-test-${n}`).length;
      assert.equal(times, a.kind === 'block' ? 0 : 1, `request ${n} (${a.kind}) reached the CMS ${times} times`);
    }
    assert.equal(new Set(titles).size, titles.length, 'nothing published twice');

    // A claimed name with a NUL in it (PostgreSQL keeps no NUL in text) is still held, not lost to an error.
    const nul = await request(replicas[0]!.publicUrl).post('/wp-json/wp/v2/posts').set('Authorization', `Basic ${Buffer.from('a\u0000b:x').toString('base64')}`).send({ title: 'nul', content: contentOf.hold() });
    assert.equal(nul.body.code, 'baomi_held', JSON.stringify(nul.body));
    assert.deepEqual((await store.holds.get(nul.body.data.holdId))!.claims, ['a\ufffdb']);

    // Registered on one replica, matched on the other within about a second.
    const registered = await request(replicas[0]!.adminUrl)
      .post(`/api/registry?level=${encodeURIComponent('机密')}&file=received.docx&title=${encodeURIComponent('汛期\u0000通知')}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(makeDoc(['000036', '机密★10年', '关于做好汛期安全防范工作的通知', ...registeredBody]));
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    assert.equal(registered.body.document.title, '汛期\ufffd通知', 'a NUL in metadata is kept as U+FFFD, not refused by PostgreSQL');
    const since = Date.now();
    let verdict = '';
    while (Date.now() - since < 5000) {
      const copy = await request(replicas[1]!.publicUrl).post('/wp-json/wp/v2/posts').send({ title: '转发', content: registeredBody.map((p) => `<p>${p}</p>`).join('') });
      verdict = copy.body?.code;
      if (verdict === 'baomi_blocked') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(verdict, 'baomi_blocked', 'a copy of the registered document is blocked on the other replica');
    assert.ok(Date.now() - since < 2000, `matched after ${Date.now() - since} ms`);

    // One linear chain holding every answer the surviving replicas gave and every release.
    const verify = baomi(['audit', 'verify'], { env: { ...env, BAOMI_DATA_DIR: dirs[0] } });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /audit chain intact: \d+ entries/);
    const inspected = new Set<string>();
    let allowed = 0;
    const released: string[] = [];
    for await (const e of store.audit.entries()) {
      const record = JSON.parse(e.record);
      if (e.kind === 'inspection') inspected.add(record.requestId);
      if (e.kind === 'inspection' && record.verdict === 'allow') allowed++;
      if (e.kind === 'review' && record.decision === 'released') released.push(record.holdId);
    }
    // Refusals name their request; a publish passed on does not, so those are counted.
    const survivors = [...answered.values()].filter((a) => a.replica !== 2);
    for (const a of survivors.filter((x) => x.requestId)) assert.ok(inspected.has(a.requestId!), `request ${a.requestId} audited`);
    assert.ok(allowed >= survivors.filter((a) => a.kind === 'clean').length);
    assert.deepEqual(released.sort(), [...pending].sort());
  });
});
