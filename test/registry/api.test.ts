import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { tokenHash } from '../../src/review/auth.js';
import { makeDoc } from '../fixtures/make.js';
import { officialText } from '../fixtures/official-text.js';
import { startRig, type TestRig } from '../helpers/gateway.js';

const tokens = { officer: 'officer-token-0123456789', reviewer: 'reviewer-token-012345678', auditor: 'auditor-token-0123456789' };
const body = officialText(777, 1200, 0);
const received = makeDoc(['000036', '机密★10年', '关于做好汛期安全防范工作的通知', ...body]);
// A paragraph with substance: half of body[1] is stock phrasing (已完成整改, 为全年目标任务的完成提供保障), which never counts.
const excerptPost = { title: '关于转发防汛工作要求的通知', content: `<p>各村（社区）：</p><p>${body[2]}</p><p>特此通知。</p>` };

describe('registry over the admin API, and publishing against it', () => {
  let rig: TestRig;
  const admin = () => request(rig.gw.adminUrl);
  const as = (role: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[role]}` });
  const register = (role: keyof typeof tokens, query: string, bytes: Buffer = received) =>
    admin().post(`/api/registry?${query}`).set(as(role)).set('Content-Type', 'application/octet-stream').send(bytes);

  before(async () => {
    rig = await startRig();
    for (const role of ['officer', 'reviewer', 'auditor'] as const) await rig.gw.store.users.create(`${role}-1`, role, tokenHash(tokens[role]));
  });
  after(() => rig.close());

  it('an officer registers a file; a post quoting it is blocked and never reaches the CMS', async () => {
    const res = await register('officer', `level=${encodeURIComponent('机密')}&file=received.doc&docNumber=${encodeURIComponent('屏政发〔2024〕7号')}&receivedOn=2024-06-01`);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.document.registeredBy, 'officer-1');
    assert.deepEqual(res.body.unread, []);

    const publish = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(excerptPost);
    assert.equal(publish.status, 403);
    assert.equal(publish.body.code, 'baomi_blocked');
    assert.match(publish.body.message, /已登记的涉密文件.*#1 机密/);
    assert.doesNotMatch(publish.body.message, /屏政发/, 'editors are not told the registered document number');
    assert.equal(rig.upstream.received.length, 0);

    const list = await admin().get('/api/registry').set(as('reviewer'));
    assert.equal(list.body.items[0].docNumber, '屏政发〔2024〕7号', 'reviewers look the registration up');
    assert.match(list.body.items[0].registeredAt, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
  });

  it('holds a shorter excerpt for a reviewer, who sees where it is', async () => {
    const excerpt = body[3]!.slice(0, 40);
    const publish = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title: '工作动态', content: `<p>近日，我局召开专题会议。${excerpt}会议要求各单位抓好落实。</p>` });
    assert.equal(publish.status, 403);
    assert.equal(publish.body.code, 'baomi_held', JSON.stringify(publish.body));
    const hold = await admin().get(`/api/holds/${publish.body.data.holdId}`).set(as('reviewer'));
    const finding = hold.body.findings.find((f: { rule: string }) => f.rule === 'registry.excerpt');
    assert.ok(finding?.spans?.length, JSON.stringify(hold.body.findings));
    assert.equal(rig.upstream.received.length, 0);
  });

  it('checks roles, levels, duplicates and files without text', async () => {
    assert.equal((await register('reviewer', `level=${encodeURIComponent('秘密')}`, Buffer.from('x'.repeat(100)))).status, 403);
    assert.equal((await admin().get('/api/registry').set(as('auditor'))).status, 200);
    const badLevel = await register('officer', `level=${encodeURIComponent('内部')}`);
    assert.deepEqual([badLevel.status, badLevel.body.error], [400, 'bad_level']);
    const duplicate = await register('officer', `level=${encodeURIComponent('机密')}`);
    assert.deepEqual([duplicate.status, duplicate.body.error], [409, 'duplicate']);
    const empty = await register('officer', `level=${encodeURIComponent('秘密')}&file=blank.txt`, Buffer.from('   \n  '));
    assert.deepEqual([empty.status, empty.body.error], [422, 'no_text']);
    // A file the gateway cannot read is refused with the reason, not registered as empty.
    const locked = await register('officer', `level=${encodeURIComponent('秘密')}&file=locked.doc`, makeDoc(['秘密★1年', '正文'], { encrypted: true }));
    assert.deepEqual([locked.status, locked.body.error], [422, 'no_text']);
    assert.match(locked.body.message, /encrypted/);
    assert.equal((await admin().delete('/api/registry/99').set(as('officer'))).status, 404);
  });

  it('once removed, the same post is published', async () => {
    const removed = await admin().delete('/api/registry/1').set(as('officer'));
    assert.equal(removed.status, 200);
    const publish = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(excerptPost);
    assert.equal(publish.status, 201);
    assert.equal(rig.upstream.received.length, 1);
  });
});
