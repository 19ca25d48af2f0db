import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import request from 'supertest';
import { AuditTrail } from '../../src/audit/chain.js';
import { decide } from '../../src/detect/decide.js';
import type { Finding } from '../../src/detect/finding.js';
import { Upstream } from '../../src/gateway/upstream.js';
import { loadPolicy } from '../../src/policy/load.js';
import { Metrics } from '../../src/metrics.js';
import { HoldService } from '../../src/review/holds.js';
import { loadOrCreateKey } from '../../src/seal/keys.js';
import { Sealer } from '../../src/seal/seal.js';
import { auditRecords } from '../helpers/audit.js';
import { ADMIN_TOKEN, startRig, type TestRig } from '../helpers/gateway.js';
import { acceptLogin } from '../helpers/upstream.js';

/**
 * Instances sharing one store: a second instance's reconciliation leaves a
 * replay in progress alone, and a replay that finishes after it was given up
 * for lost still settles the item once. Rows the review decides by carry a
 * keyed tag: a database writer without the key cannot forge them.
 */
describe('holds shared by several instances, and rows only the gateway can write', () => {
  let rig: TestRig;
  let other: HoldService;
  const admin = (path: string) => request(rig.gw.adminUrl).post(path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  const hold = async (n: number) => {
    const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title: `动态${n}`, content: '<p>传达了机密★文件的要求。</p>' });
    return res.body.data.holdId as string;
  };

  before(async () => {
    rig = await startRig();
    const metrics = new Metrics(rig.gw.store);
    other = new HoldService(
      rig.gw.store,
      new Sealer(loadOrCreateKey(rig.dataDir, 'seal.key', undefined)),
      () => new Upstream(rig.upstream.url, 5000, metrics),
      new AuditTrail(rig.gw.store.audit, loadOrCreateKey(rig.dataDir, 'audit.key', undefined)),
      metrics,
      60_000,
      10_000,
    );
  });
  after(() => rig.close());

  it("another instance's reconciliation leaves a replay in progress alone, and a replay given up for lost still settles the item", async () => {
    const id = await hold(1);
    // The CMS takes the replay and answers only when told to.
    let answer: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      rig.upstream.respond = (_req, res) => {
        answer = () => res.writeHead(201).end('{}');
        resolve();
      };
    });
    const releasing = admin(`/api/holds/${id}/release`).then((r) => r);
    await arrived;
    assert.deepEqual(await other.reconcile(), [], 'a fresh replay is not touched');
    assert.deepEqual(await other.reconcile(Date.now() + 60_000), [id], 'a replay older than a replay can take is');
    answer();
    const released = await releasing;
    assert.equal(released.body.state, 'released');
    const kinds = (await auditRecords(rig.gw.store)).filter((e) => e.record.holdId === id).map((e) => `${e.kind}${e.record.decision ? `:${e.record.decision}` : ''}`);
    rig.upstream.respond = (_req, res) => res.writeHead(201).end('{}');
    assert.deepEqual(kinds, ['inspection', 'release.intent', 'release.unknown', 'review:released']);
  });

  it('an approval or a hold edited in the database is not believed', async () => {
    const db = new Database(join(rig.dataDir, 'baomi.db'));
    try {
      // A submitter rewritten so the editor may approve her own item.
      const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').set('Cookie', acceptLogin(rig.upstream, 'editor1')).send({ title: '动态2', content: '<p>传达了机密★文件的要求。</p>' });
      const id = res.body.data.holdId as string;
      assert.equal((await rig.gw.store.holds.get(id))!.submitter, 'editor1');
      db.prepare('UPDATE holds SET submitter = ?, claimed = ? WHERE id = ?').run('someone-else', '[]', id);
      const approve = await admin(`/api/holds/${id}/approve`);
      assert.equal(approve.body.error, 'tampered');
      // An approval inserted for marked content by someone without the key.
      const marked = { title: 't', content: '<p>传达了秘密★文件的要求。</p>' };
      const first = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(marked);
      const contentHash = (await rig.gw.store.holds.get(first.body.data.holdId))!.contentHash;
      db.prepare('INSERT INTO approvals (content_hash, expires_at, hold_id, approved_by, tag) VALUES (?, ?, ?, ?, ?)').run(contentHash, Date.now() + 3600_000, first.body.data.holdId, 'alice', 'f'.repeat(64));
      const again = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(marked);
      assert.equal(again.body.code, 'baomi_held');
    } finally {
      db.close();
    }
  });

  it('an approval covers only the reasons the reviewer saw', async () => {
    const body = { title: '动态', content: '<p>传达了机密★文件的要求。</p>', meta: { note: 'x' } };
    const first = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(body);
    assert.equal((await admin(`/api/holds/${first.body.data.holdId}/approve`)).body.state, 'approved');
    assert.equal((await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(body)).status, 201);
    // The same bytes, but a rule that did not fire before (a keyword list added to the running policy is the real case): simulated by a reason the approved hold never had.
    const reason = { rule: 'registry.copy', category: 'registered-copy', severity: 'strong', score: 0, evidence: '#1', description: { zh: '', en: '' }, location: { part: 'x' }, measure: { chars: 80, coverage: 0.5 } } as const;
    const hold = (await rig.gw.store.holds.get(first.body.data.holdId))!;
    const hash = hold.contentHash;
    const seen = hold.findings.map((f) => ({ ...f, score: 1 }) as unknown as Finding);
    const approval = await other.approvalFor(hash, 'default');
    assert.equal(await other.approvalFor(hash, 'another-portal'), undefined, 'an approval is for the portal it was held on');
    assert.equal(approval?.holdId, first.body.data.holdId);
    const policy = loadPolicy('policies/default.yaml');
    assert.notEqual(decide(seen, policy).verdict, 'allow');
    assert.equal(decide(seen, policy, approval).verdict, 'allow', 'the approval covers the reasons the reviewer saw');
    assert.equal(decide([...seen, reason], policy, approval).verdict, 'block', 'an approval does not cover a reason its hold never had');
  });
});

