import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { tokenHash } from '../../src/review/auth.js';
import { auditRecords } from '../helpers/audit.js';
import { ADMIN_TOKEN, eventually, startRig, type TestRig } from '../helpers/gateway.js';
import { acceptLogin, loginCookie } from '../helpers/upstream.js';

const inline = { title: '工作动态', content: '<p>本周召开专题会议，传达了机密★文件的有关要求。</p>', status: 'publish' };
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('review: release, approve, reject', () => {
  let rig: TestRig;
  const tokens = { alice: 'alice-reviewer-token-000000', bob: 'bob-auditor-token-00000000', editor1: 'editor1-reviewer-token-0000' };

  before(async () => {
    rig = await startRig();
    await rig.gw.store.users.create('alice', 'reviewer', tokenHash(tokens.alice));
    await rig.gw.store.users.create('bob', 'auditor', tokenHash(tokens.bob));
    await rig.gw.store.users.create('editor1', 'reviewer', tokenHash(tokens.editor1));
  });
  after(() => rig.close());
  beforeEach(() => {
    rig.upstream.received.length = 0;
    rig.upstream.respond = (_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end('{"id":9}');
    };
  });

  let n = 0;
  /** Holds a fresh item (distinct content each time: an approval covers one content hash). */
  async function holdOne(submitter = 'editor1'): Promise<{ holdId: string; raw: string }> {
    const raw = JSON.stringify({ ...inline, title: `${inline.title} ${++n}` });
    const res = await request(rig.gw.publicUrl)
      .post('/wp-json/wp/v2/posts')
      .set('Content-Type', 'application/json')
      .set('Cookie', acceptLogin(rig.upstream, submitter))
      .set('X-WP-Nonce', 'abc123')
      .send(raw);
    assert.equal(res.body.code, 'baomi_held');
    return { holdId: res.body.data.holdId, raw };
  }

  it('lists and shows held items with their findings', async () => {
    const { holdId } = await holdOne();
    const list = await request(rig.gw.adminUrl).get('/api/holds?state=pending').set(auth(ADMIN_TOKEN));
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((h: { id: string }) => h.id === holdId));
    const one = await request(rig.gw.adminUrl).get(`/api/holds/${holdId}`).set(auth(tokens.bob));
    assert.equal(one.body.state, 'pending');
    assert.equal(one.body.submitter, 'editor1');
    assert.equal(one.body.route, 'wp-rest-posts');
    assert.equal(one.body.findings[0].rule, 'marking.inline');
    assert.equal(one.body.findings[0].evidence, '机密★');
    assert.equal(one.body.sealed, undefined, 'the sealed request never leaves the store');
    const bad = await request(rig.gw.adminUrl).get('/api/holds?state=whatever').set(auth(ADMIN_TOKEN));
    assert.equal(bad.status, 400);
  });

  it('release replays the sealed request byte for byte, exactly once', async () => {
    const { holdId, raw } = await holdOne();
    const [first, second] = await Promise.all([
      request(rig.gw.adminUrl).post(`/api/holds/${holdId}/release`).set(auth(tokens.alice)),
      request(rig.gw.adminUrl).post(`/api/holds/${holdId}/release`).set(auth(tokens.alice)),
    ]);
    assert.deepEqual([first.status, second.status].sort(), [200, 409]);
    const third = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/release`).set(auth(ADMIN_TOKEN));
    assert.equal(third.status, 409);
    assert.equal(rig.upstream.received.length, 1);
    const got = rig.upstream.received[0]!;
    assert.equal(got.body.toString(), raw);
    assert.equal(got.headers['x-wp-nonce'], 'abc123');
    assert.equal(got.url, '/wp-json/wp/v2/posts');
    const shown = await request(rig.gw.adminUrl).get(`/api/holds/${holdId}`).set(auth(tokens.alice));
    assert.equal(shown.body.state, 'released');
    assert.equal(shown.body.upstreamStatus, 201);
    assert.deepEqual(
      shown.body.history.map((h: { action: string }) => h.action),
      ['held', 'release', 'released'],
    );
    // Times as the audit export writes them: ISO 8601, UTC.
    const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    for (const t of [shown.body.createdAt, shown.body.updatedAt, ...shown.body.history.map((h: { at: string }) => h.at)]) assert.match(t, isoTime);
    const editorView = await request(rig.gw.publicUrl).get(`/_baomi/holds/${holdId}`);
    assert.equal(editorView.body.state, 'released');
  });

  it('a release the CMS refuses (expired session) becomes release-failed', async () => {
    const { holdId } = await holdOne();
    rig.upstream.respond = (_req, res) => {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end('{"code":"rest_cookie_invalid_nonce"}');
    };
    const res = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/release`).set(auth(tokens.alice));
    assert.equal(res.status, 200);
    assert.equal(res.body.state, 'release-failed');
    assert.equal(res.body.upstreamStatus, 403);
    const editorView = await request(rig.gw.publicUrl).get(`/_baomi/holds/${holdId}`);
    assert.match(editorView.body.message, /重新提交/);
  });

  it('reject never reaches the CMS and tells the editor why', async () => {
    const { holdId } = await holdOne();
    const noReason = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/reject`).set(auth(tokens.alice)).send({});
    assert.equal(noReason.status, 400);
    const res = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/reject`).set(auth(tokens.alice)).send({ reason: '引用涉密文件内容' });
    assert.equal(res.body.state, 'rejected');
    const again = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/release`).set(auth(tokens.alice));
    assert.equal(again.status, 409);
    assert.equal(rig.upstream.received.length, 0);
    // The reason may quote the marked text: only the submitter, logged in to the CMS, sees it.
    const editorView = await request(rig.gw.publicUrl).get(`/_baomi/holds/${holdId}`).set('Cookie', acceptLogin(rig.upstream, 'editor1'));
    assert.equal(editorView.body.state, 'rejected');
    assert.equal(editorView.body.reason, '引用涉密文件内容');
    const stranger = await request(rig.gw.publicUrl).get(`/_baomi/holds/${holdId}`);
    assert.equal(stranger.body.state, 'rejected');
    assert.equal(stranger.body.reason, undefined);
    const someoneElse = await request(rig.gw.publicUrl).get(`/_baomi/holds/${holdId}`).set('Accept', 'text/html').set('Cookie', acceptLogin(rig.upstream, 'editor2'));
    assert.doesNotMatch(someoneElse.text, /引用涉密文件内容/);
  });

  it('approve lets the same content through on resubmission (new nonce), and only that content', async () => {
    const { holdId, raw } = await holdOne();
    const res = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/approve`).set(auth(tokens.alice));
    assert.equal(res.body.state, 'approved');
    const resubmit = await request(rig.gw.publicUrl)
      .post('/wp-json/wp/v2/posts')
      .set('Content-Type', 'application/json')
      .set('Cookie', acceptLogin(rig.upstream, 'editor1'))
      .set('X-WP-Nonce', 'a-new-nonce')
      .send(raw);
    assert.equal(resubmit.status, 201);
    assert.equal(rig.upstream.received.length, 1);
    const changed = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ ...JSON.parse(raw), content: inline.content + '<p>另加一段</p>' });
    assert.equal(changed.body.code, 'baomi_held');
    await eventually(async () => {
      const entry = (await auditRecords(rig.gw.store)).find((e) => e.kind === 'inspection' && e.record.approvedBy === holdId);
      assert.equal(entry?.record.outcome, 'forwarded');
    });
  });

  it('the submitter may not decide on their own item; auditors may only read; tokens are checked', async () => {
    const { holdId } = await holdOne('editor1');
    const own = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/approve`).set(auth(tokens.editor1));
    assert.equal(own.status, 403);
    assert.equal(own.body.error, 'own_item');
    const auditor = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/release`).set(auth(tokens.bob));
    assert.equal(auditor.status, 403);
    const none = await request(rig.gw.adminUrl).get('/api/holds');
    assert.equal(none.status, 401);
    const wrong = await request(rig.gw.adminUrl).get('/api/holds').set(auth('not-a-token'));
    assert.equal(wrong.status, 401);
    const missing = await request(rig.gw.adminUrl).post('/api/holds/nosuchhold0/release').set(auth(tokens.alice));
    assert.equal(missing.status, 404);
    assert.equal(rig.upstream.received.length, 0);
  });

  it('a submitter nobody could verify (a forged login cookie, an X-Remote-User from anywhere) needs an officer', async () => {
    const raw = JSON.stringify({ ...inline, title: `伪造 ${++n}` });
    const forged = await request(rig.gw.publicUrl)
      .post('/wp-json/wp/v2/posts')
      .set('Content-Type', 'application/json')
      .set('Cookie', loginCookie('mallory'))
      .set('X-Remote-User', 'carol')
      .send(raw);
    const holdId = forged.body.data.holdId;
    const item = await request(rig.gw.adminUrl).get(`/api/holds/${holdId}`).set(auth(ADMIN_TOKEN));
    assert.equal(item.body.submitter, null);
    assert.deepEqual(item.body.claims, ['mallory', 'carol']);
    const reviewer = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/release`).set(auth(tokens.alice));
    assert.equal(reviewer.status, 403);
    assert.equal(reviewer.body.error, 'officer_required');
    // The claimed name counts as the submitter's own: mallory may not decide even as an officer.
    await rig.gw.store.users.create('Mallory', 'officer', tokenHash('mallory-officer-token-0000'));
    const self = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/release`).set(auth('mallory-officer-token-0000'));
    assert.equal(self.body.error, 'own_item');
    await rig.gw.store.users.create('olga', 'officer', tokenHash('olga-officer-token-000000'));
    const officer = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/release`).set(auth('olga-officer-token-000000'));
    assert.equal(officer.body.state, 'released');
  });

  it('names compare normalised: EDITOR1 is editor1', async () => {
    const { holdId } = await holdOne('editor1');
    await rig.gw.store.users.create('ＥＤＩＴＯＲ1 ', 'reviewer', tokenHash('editor1-wide-token-000000'));
    const own = await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/approve`).set(auth('editor1-wide-token-000000'));
    assert.equal(own.body.error, 'own_item');
  });

  it('every review decision is an audit entry naming the reviewer', async () => {
    const { holdId } = await holdOne();
    await request(rig.gw.adminUrl).post(`/api/holds/${holdId}/reject`).set(auth(tokens.alice)).send({ reason: '不予发布' });
    const entry = (await auditRecords(rig.gw.store)).find((e) => e.kind === 'review' && e.record.holdId === holdId);
    assert.equal(entry?.record.reviewer, 'alice');
    assert.equal(entry?.record.decision, 'reject');
    assert.equal(entry?.record.submitter, 'editor1');
  });
});
