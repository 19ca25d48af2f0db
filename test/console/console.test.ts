import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { verifyAudit } from '../../src/audit/chain.js';
import { auditRecords } from '../helpers/audit.js';
import { ConsoleClient, consoleUser } from '../helpers/console.js';
import { makeDocx } from '../fixtures/make.js';
import { renderPage } from '../fixtures/pages.js';
import { startRig, type TestRig } from '../helpers/gateway.js';
import { acceptLogin } from '../helpers/upstream.js';

const marked = (n: number) => JSON.stringify({ title: `工作动态 ${n}`, content: '<p>本周召开专题会议，传达了机密★文件的有关要求。</p>', status: 'publish' });

describe('reviewer console over HTTP', () => {
  let rig: TestRig;
  let n = 0;
  const holdOne = async (submitter = 'editor1') => {
    const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').set('Content-Type', 'application/json').set('Cookie', acceptLogin(rig.upstream, submitter)).set('X-WP-Nonce', 'abc123').send(marked(++n));
    assert.equal(res.body.code, 'baomi_held');
    return res.body.data.holdId as string;
  };
  const signedIn = async (name: string) => {
    const c = new ConsoleClient(rig.gw.adminUrl);
    const r = await c.signIn(name, `${name}-password-123`);
    assert.equal(r.status, 303, r.body);
    await c.get('/console/queue');
    return c;
  };

  before(async () => {
    rig = await startRig({ policy: { review: { twoStep: true, finalRoles: ['officer'] }, console: { signInsPerMinute: 1000 } } });
    for (const [name, role] of [['ann', 'reviewer'], ['ben', 'reviewer'], ['olga', 'officer'], ['aud', 'auditor'], ['root', 'admin'], ['editor1', 'reviewer']] as const) await consoleUser(rig.gw.store, name, role);
  });
  after(() => rig.close());
  beforeEach(() => {
    rig.upstream.received.length = 0;
  });

  it('serves every page with a strict CSP and no script, and asks for a sign-in first', async () => {
    const c = new ConsoleClient(rig.gw.adminUrl);
    const queue = await c.get('/console/queue');
    assert.equal(queue.status, 303);
    assert.equal(queue.location, '/console/signin');
    const form = await c.get('/console/signin');
    assert.match(form.headers.get('content-security-policy')!, /default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'/);
    assert.equal(form.headers.get('x-frame-options'), 'DENY');
    assert.doesNotMatch(form.body, /<script/i);
    const css = /href="(\/console\/console-[0-9a-f]+\.css)"/.exec(form.body)![1]!;
    const sheet = await c.get(css);
    assert.equal(sheet.status, 200);
    assert.match(sheet.headers.get('content-type')!, /text\/css/);
    const cookie = form.headers.getSetCookie().find((l) => l.startsWith('baomi_signin='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, /Secure/, 'plain HTTP here: a Secure cookie would never come back');
    const behindTls = await c.get('/console/signin', { 'x-forwarded-proto': 'https' });
    assert.doesNotMatch(behindTls.headers.getSetCookie().join('\n'), /Secure/, 'X-Forwarded-Proto is believed only from a trusted proxy');
  });

  it('refuses a sign-in without the form\'s own token, and a wrong password, and audits both', async () => {
    const c = new ConsoleClient(rig.gw.adminUrl);
    const forged = await c.post('/console/signin', { name: 'ann', password: 'ann-password-123', _csrf: 'made-up' });
    assert.equal(forged.status, 403);
    const wrong = await c.signIn('ann', 'not-her-password');
    assert.equal(wrong.status, 401);
    assert.match(wrong.body, /用户名或密码错误/);
    const unknown = await c.signIn('nobody', 'whatever-password');
    assert.equal(unknown.status, 401);
    const ok = await c.signIn('ann', 'ann-password-123');
    assert.equal(ok.status, 303);
    const session = ok.headers.getSetCookie().find((l) => l.startsWith('baomi_session='))!;
    assert.match(session, /HttpOnly; SameSite=Strict/);
    const outcomes = (await auditRecords(rig.gw.store)).filter((e) => e.kind === 'console.sign-in').map((e) => [e.record.user, e.record.outcome]);
    assert.deepEqual(outcomes.slice(-3), [['ann', 'wrong-password'], ['nobody', 'unknown-user'], ['ann', 'ok']]);
  });

  it('two-step review: a first review leaves the item pending, the final one is someone else\'s in a final role', async () => {
    const id = await holdOne();
    const ann = await signedIn('ann');
    const ben = await signedIn('ben');
    const olga = await signedIn('olga');
    await ann.get(`/console/holds/${id}`);
    const first = await ann.post(`/console/holds/${id}/release`, {});
    assert.equal(first.location, `/console/holds/${id}?ok=first-review`);
    assert.equal(rig.upstream.received.length, 0, 'nothing is published after the first review');
    assert.equal((await ann.post(`/console/holds/${id}/release`, {})).location, `/console/holds/${id}?error=same_reviewer`);
    assert.equal((await ben.post(`/console/holds/${id}/release`, {})).location, `/console/holds/${id}?error=final_role_required`);
    const page = await ben.get(`/console/holds/${id}?error=final_role_required`);
    assert.match(page.body, /您的角色不能终审此项/);
    assert.match(page.body, /已于 .* 初审同意，等待终审/);
    const final = await olga.post(`/console/holds/${id}/release`, {});
    assert.equal(final.location, `/console/holds/${id}?ok=released`);
    assert.equal(rig.upstream.received.length, 1);
    const hold = await rig.gw.store.holds.get(id);
    assert.deepEqual(hold!.history.map((e) => [e.actor, e.action]), [['editor1', 'held'], ['ann', 'first-review'], ['olga', 'release'], ['gateway', 'released']].map(([a, b]) => [a === 'editor1' ? hold!.history[0]!.actor : a, b]));
    // A rejection needs no second opinion.
    const other = await holdOne();
    await ben.get(`/console/holds/${other}`);
    const rejected = await ben.post(`/console/holds/${other}/reject`, { template: '转载来源未经授权 / Reposted from a source with no right to carry it', reason: '请改用本单位稿件' });
    assert.equal(rejected.location, `/console/holds/${other}?ok=rejected`);
    assert.equal((await rig.gw.store.holds.get(other))!.reason, '转载来源未经授权 / Reposted from a source with no right to carry it；请改用本单位稿件');
  });

  it('nobody decides on their own item, an auditor only looks, and a form without the session\'s token does nothing', async () => {
    const id = await holdOne('editor1');
    const editor = await signedIn('editor1');
    const own = await editor.get(`/console/holds/${id}`);
    assert.match(own.body, /这是您提交的内容，须由他人审核/);
    assert.doesNotMatch(own.body, /action="\/console\/holds\/[^"]+\/release"/);
    assert.equal((await editor.post(`/console/holds/${id}/reject`, { reason: 'x' })).location, `/console/holds/${id}?error=own_item`);
    const unverified = (await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').set('Content-Type', 'application/json').send(marked(++n))).body.data.holdId;
    const reviewer = await signedIn('ann');
    const officerOnly = await reviewer.get(`/console/holds/${unverified}`);
    assert.match(officerOnly.body, /此项须由保密员决定/);
    assert.doesNotMatch(officerOnly.body, /action="\/console\/holds\/[^"]+\/release"/, 'no button a reviewer could only be refused at');
    assert.match((await (await signedIn('olga')).get(`/console/holds/${unverified}`)).body, /action="\/console\/holds\/[^"]+\/release"/);
    const aud = await signedIn('aud');
    const look = await aud.get(`/console/holds/${id}`);
    assert.equal(look.status, 200);
    assert.match(look.body, /您的角色只能查看/);
    assert.equal((await aud.post(`/console/holds/${id}/release`, {})).status, 403);
    assert.equal((await aud.get('/console/users')).status, 403);
    const ann = await signedIn('ann');
    const forged = await ann.post(`/console/holds/${id}/reject`, { reason: 'forged', _csrf: 'not-the-token' });
    assert.equal(forged.status, 403);
    const crossSite = await ann.post(`/console/holds/${id}/reject`, { reason: 'forged' }, { origin: 'http://evil.example' });
    assert.equal(crossSite.status, 403, 'the right token from another origin is refused too');
    assert.equal((await rig.gw.store.holds.get(id))!.state, 'pending');
    assert.ok((await auditRecords(rig.gw.store)).some((e) => e.kind === 'console.forged-form' && e.record.user === 'ann'));
  });

  it('comments go into the item\'s history, escaped, and the audit counts them without their text', async () => {
    const id = await holdOne();
    const ann = await signedIn('ann');
    await ann.get(`/console/holds/${id}`);
    const r = await ann.post(`/console/holds/${id}/comment`, { comment: '<b>请核实</b>来源' });
    assert.equal(r.location, `/console/holds/${id}?ok=commented`);
    const page = await ann.get(`/console/holds/${id}`);
    assert.match(page.body, /&lt;b&gt;请核实&lt;\/b&gt;来源/);
    const audited = (await auditRecords(rig.gw.store)).filter((e) => e.kind === 'review.comment').at(-1)!;
    assert.deepEqual(audited.record, { holdId: id, reviewer: 'ann', chars: 12 });
    assert.ok((await auditRecords(rig.gw.store)).some((e) => e.kind === 'review.read' && e.record.holdId === id && e.record.reader === 'ann'), 'reading held content is on the record');
    // A replay in progress is not touched (its last change is how a lost replay is recognised).
    await rig.gw.store.holds.transition(id, ['pending'], 'releasing', { at: Date.now(), actor: 'olga', action: 'release' });
    assert.equal((await ann.post(`/console/holds/${id}/comment`, { comment: '再看看' })).location, `/console/holds/${id}?error=changed`);
  });

  it('filters the queue by category, route and submitter, and counts pending items on the navigation', async () => {
    await holdOne('editor1');
    const ann = await signedIn('ann');
    const pending = (await rig.gw.store.holds.pendingStats()).count;
    const all = await ann.get('/console/queue');
    assert.match(all.body, new RegExp(`待审队列<span class="count">${pending}</span>`));
    assert.match(all.body, /class="age fresh"/);
    const none = await ann.get('/console/queue?category=telegram');
    assert.match(none.body, /共 0 项/);
    const some = await ann.get('/console/queue?category=classified-marking&route=wp-rest-posts&submitter=EDITOR');
    const byEditor = (await rig.gw.store.holds.list({ state: 'pending', limit: 1000, offset: 0 })).filter((h) => h.submitter === 'editor1').length;
    assert.ok(byEditor > 0 && byEditor < pending, 'an unverified item is among the pending');
    assert.match(some.body, new RegExp(`共 ${byEditor} 项`));
    const english = await ann.get('/console/lang/en?back=/console/queue');
    assert.equal(english.location, '/console/queue');
    assert.match((await ann.get('/console/queue')).body, /Review queue/);
    assert.equal((await ann.get('/console/lang/zh?back=//evil.example/')).location, '/console/queue', 'the toggle goes back only to the console');
  });

  it('officers register and remove documents in any format; the next publish is checked against them', async () => {
    const olga = await signedIn('olga');
    await olga.get('/console/registry');
    const excerpt = '各有关单位要立即组织力量对重点区域开展拉网式排查，发现可疑情况立即报告';
    const secret = `关于加强边境地区安全防范工作的紧急通知。近期境外势力在我省边境地区活动频繁，${excerpt}指挥部，不得擅自处置。各地要加强值班值守，确保信息畅通，重要情况随时报告省委办公厅和省政府办公厅。边防部队、公安机关和国家安全机关要密切协同，对过往人员车辆逐一核查登记，对重点目标实行二十四小时守护，相关经费由省财政专项列支，具体部署另行通知。`;
    const form = new FormData();
    form.set('level', '机密');
    form.set('title', '边境防范通知');
    form.set('docNumber', '屏办发〔2024〕9号');
    form.set('receivedOn', '2024-05-06');
    form.set('file', new Blob([await makeDocx({ body: [secret] })]), '边境通知.docx');
    const added = await olga.postMultipart('/console/registry', form);
    assert.equal(added.status, 201, added.body);
    assert.match(added.body, /屏办发〔2024〕9号/);
    const copied = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').set('Content-Type', 'application/json').send(JSON.stringify({ title: '通知', content: `<p>${secret}</p>`, status: 'publish' }));
    assert.ok(['baomi_blocked', 'baomi_held'].includes(copied.body.code), JSON.stringify(copied.body));
    // An excerpt is held; its item page names the registration and marks the passage, never the registered text.
    const quoted = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').set('Content-Type', 'application/json').set('Cookie', acceptLogin(rig.upstream, 'editor1')).set('X-WP-Nonce', 'abc123')
      .send(JSON.stringify({ title: '工作动态', content: `<p>本周全县召开安全生产会议，要求${excerpt}，确保节日期间平安稳定。</p>`, status: 'publish' }));
    assert.equal(quoted.body.code, 'baomi_held', JSON.stringify(quoted.body));
    const item = await olga.get(`/console/holds/${quoted.body.data.holdId}`);
    const registration = /<h2>与登记涉密文件相同的内容<\/h2>[\s\S]*?<\/table>/.exec(item.body)![0];
    assert.match(registration, /<td>#\d+<\/td><td>机密<\/td><td>屏办发〔2024〕9号<\/td>/);
    assert.match(item.body, new RegExp(`<mark class="strong">[^<]*${excerpt.slice(2, 12)}[^<]*</mark>`), 'the matched passage of the submission is marked');
    assert.doesNotMatch(item.body, /境外势力/, 'nothing of the registered text beyond what was submitted');
    const bad = new FormData();
    bad.set('level', '机密');
    bad.set('receivedOn', '2024-13-45');
    bad.set('file', new Blob(['正文']), 'a.txt');
    assert.equal((await olga.postMultipart('/console/registry', bad)).location, '/console/registry?error=bad_date');
    const ann = await signedIn('ann');
    const list = await ann.get('/console/registry');
    assert.match(list.body, /边境防范通知/);
    assert.doesNotMatch(list.body, /enctype="multipart\/form-data"/, 'a reviewer sees the list, not the upload');
    const id = /#(\d+)<\/td>/.exec(list.body)![1]!;
    assert.equal((await ann.post(`/console/registry/${id}/remove`, { confirm: 'yes' })).status, 403);
    await olga.get('/console/registry');
    assert.equal((await olga.post(`/console/registry/${id}/remove`, { confirm: 'yes' })).location, '/console/registry?ok=removed');
    assert.doesNotMatch((await olga.get('/console/registry')).body, /边境防范通知/);
  });

  it('auditors page through the audit trail, verify it and export it', async () => {
    const aud = await signedIn('aud');
    const view = await aud.get('/console/audit');
    assert.equal(view.status, 200);
    assert.match(view.body, /console\.sign-in/);
    const verified = await aud.post('/console/audit/verify', {});
    assert.match(verified.body, /审计链完整：\d+ 条记录/);
    const exported = await aud.get('/console/audit/export');
    assert.match(exported.headers.get('content-disposition')!, /attachment/);
    const lines = exported.body.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines[0].seq, 1);
    assert.ok(lines.every((l, i) => l.seq === i + 1));
    assert.ok((await verifyAudit(rig.gw.store.audit, Buffer.alloc(32))).ok === false, 'the export is the keyed chain, not a copy anyone could make');
    assert.equal((await (await signedIn('ann')).get('/console/audit')).status, 403, 'reviewers do not read the audit trail');
  });

  it('administrators add users (token shown once), change roles, set passwords and disable them, ending their sessions', async () => {
    const root = await signedIn('root');
    await root.get('/console/users');
    const added = await root.post('/console/users', { name: 'carl', role: 'reviewer', portals: '', password: 'carl-password-123' });
    assert.equal(added.status, 201);
    const token = /<code class="token">([^<]+)<\/code>/.exec(added.body)![1]!;
    assert.equal((await request(rig.gw.adminUrl).get('/api/holds').set('Authorization', `Bearer ${token}`)).status, 200);
    assert.equal((await root.post('/console/users', { name: 'carl', role: 'reviewer' })).location, '/console/users?error=exists');
    assert.equal((await root.post('/console/users', { name: 'dora', role: 'reviewer', password: 'short' })).location, '/console/users?error=bad_password');
    const carl = await signedIn('carl');
    assert.equal((await carl.get('/console/queue')).status, 200);
    assert.equal((await root.post('/console/users/carl/role', { role: 'officer' })).location, '/console/users?ok=user-changed');
    assert.match((await carl.get('/console/queue')).body, /carl · 保密员/, 'a role change shows at once');
    await root.post('/console/users/carl/disable', {});
    assert.equal((await carl.get('/console/queue')).status, 303, 'disabling ends the session');
    await root.post('/console/users/carl/enable', {});
    await root.post('/console/users/carl/password', { password: 'a-new-password-456' });
    assert.equal((await new ConsoleClient(rig.gw.adminUrl).signIn('carl', 'carl-password-123')).status, 401);
    assert.equal((await new ConsoleClient(rig.gw.adminUrl).signIn('carl', 'a-new-password-456')).status, 303);
    const kinds = (await auditRecords(rig.gw.store)).filter((e) => e.kind.startsWith('user.') && e.record.name === 'carl').map((e) => [e.kind, e.record.by]);
    assert.deepEqual(kinds, [['user.add', 'root'], ['user.role', 'root'], ['user.disable', 'root'], ['user.enable', 'root'], ['user.password', 'root']]);
    assert.equal((await (await signedIn('olga')).get('/console/users')).status, 403, 'only administrators manage users');
  });

  it('signs out: the session ends on the server too', async () => {
    const ann = await signedIn('ann');
    const stolen = ann.jar.get('baomi_session')!;
    const out = await ann.post('/console/signout', {});
    assert.equal(out.location, '/console/signin');
    const replay = new ConsoleClient(rig.gw.adminUrl);
    replay.jar.set('baomi_session', stolen);
    assert.equal((await replay.get('/console/queue')).status, 303);
  });
});

describe('console sign-in limits and single sign-on', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig({ policy: { console: { lockoutFailures: 3, lockoutMinutes: 15, signInsPerMinute: 6, ssoHeader: 'X-Remote-User' } }, env: { BAOMI_TRUSTED_PROXIES: '127.0.0.1' } });
    await consoleUser(rig.gw.store, 'ann', 'reviewer');
  });
  after(() => rig.close());

  it('locks an account after repeated wrong passwords (the right one is refused meanwhile), then rate-limits the address', async () => {
    const c = new ConsoleClient(rig.gw.adminUrl);
    for (let i = 0; i < 2; i++) assert.equal((await c.signIn('ann', `wrong-${i}`)).status, 401);
    const locked = await c.signIn('ann', 'wrong-2');
    assert.match(locked.body, /账户已锁定 15 分钟/);
    const right = await c.signIn('ann', 'ann-password-123');
    assert.equal(right.status, 401, 'locked: even the right password is refused');
    assert.match(right.body, /账户已锁定/);
    for (let i = 0; i < 2; i++) await c.signIn('ann', 'x');
    const limited = await c.signIn('ann', 'ann-password-123');
    assert.equal(limited.status, 429);
    assert.ok((await rig.gw.store.users.credentials('ann'))!.lockedUntil > Date.now());
    const metrics = await rig.gw.metrics.registry.getSingleMetricAsString('baomi_console_signins_total');
    assert.match(metrics, /baomi_console_signins_total\{via="password",outcome="wrong-password"\} 3/);
    assert.match(metrics, /baomi_console_signins_total\{via="password",outcome="locked"\} 3/);
    assert.match(metrics, /baomi_console_signins_total\{via="password",outcome="rate-limited"\} 1/);
  });

  it('believes the single sign-on header from a trusted proxy, for known users only', async () => {
    const sso = new ConsoleClient(rig.gw.adminUrl, { 'x-remote-user': 'ann' });
    const page = await sso.get('/console/queue');
    assert.equal(page.status, 200);
    assert.match(page.body, /ann · 审核员/);
    assert.ok(sso.jar.get('baomi_session'), 'a session begins, so forms carry its token');
    const overTls = await new ConsoleClient(rig.gw.adminUrl).get('/console/signin', { 'x-forwarded-proto': 'https' });
    assert.match(overTls.headers.getSetCookie().join('\n'), /baomi_signin=[^;]+; Path=\/console; HttpOnly; SameSite=Strict; Secure/, 'behind a trusted TLS proxy the cookies are Secure');
    const stranger = new ConsoleClient(rig.gw.adminUrl, { 'x-remote-user': 'mallory' });
    assert.equal((await stranger.get('/console/queue')).status, 303);
    const rows = await rig.gw.store.sessions.use('nothing', Date.now(), 0, 0);
    assert.equal(rows, undefined);
  });
});

describe('console single sign-on from an untrusted address', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig({ policy: { console: { ssoHeader: 'X-Remote-User' } }, env: { BAOMI_TRUSTED_PROXIES: '10.9.8.7' } });
    await consoleUser(rig.gw.store, 'ann', 'reviewer');
  });
  after(() => rig.close());

  it('ignores the header: anyone could send it', async () => {
    const forged = new ConsoleClient(rig.gw.adminUrl, { 'x-remote-user': 'ann' });
    assert.equal((await forged.get('/console/queue')).status, 303);
  });
});

describe('console reading of a held request that scanning could not finish', () => {
  let rig: TestRig;
  before(async () => {
    // Scans (and reviewers' readings) get 300 ms: an image's OCR takes longer.
    rig = await startRig({ policy: { limits: { scanTimeoutMs: 300 } } });
    await consoleUser(rig.gw.store, 'ann', 'reviewer');
  });
  after(() => rig.close());

  it('is stopped in a scan worker at the same limit: the page says so and the portal keeps flowing', async () => {
    const png = await renderPage([{ text: '本周召开专题会议，传达了机密★文件的有关要求。', x: 100, y: 300 }]);
    const held = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/media').set('Content-Type', 'image/png').set('Content-Disposition', 'attachment; filename="scan.png"').send(png);
    assert.equal(held.body.code, 'baomi_held', JSON.stringify(held.body));
    const ann = new ConsoleClient(rig.gw.adminUrl);
    await ann.signIn('ann', 'ann-password-123');
    const started = Date.now();
    const [page, passThrough] = await Promise.all([ann.get(`/console/holds/${held.body.data.holdId}`), request(rig.gw.publicUrl).get('/wp-json/wp/v2/posts')]);
    assert.equal(page.status, 200);
    assert.match(page.body, /未能在时限内重新读取此请求/);
    assert.match(page.body, /unscannable\.timeout/);
    assert.ok(passThrough.status < 500, `pass-through answered ${passThrough.status}`);
    assert.ok(Date.now() - started < 5000);
  });
});

describe('console sign-in under attack', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig({ policy: { console: { lockoutFailures: 3, signInsPerMinute: 1000 } } });
    await consoleUser(rig.gw.store, 'ann', 'reviewer');
    await consoleUser(rig.gw.store, 'mallory', 'reviewer');
    await consoleUser(rig.gw.store, 'limited-admin', 'admin', undefined, ['elsewhere']);
    await consoleUser(rig.gw.store, 'limited-auditor', 'auditor', undefined, ['elsewhere']);
  });
  after(() => rig.close());

  it('guesses sent together are counted before they are checked: at most the lockout\'s number are checked', async () => {
    const clients = Array.from({ length: 10 }, () => new ConsoleClient(rig.gw.adminUrl));
    await Promise.all(clients.map((c) => c.get('/console/signin')));
    const answers = await Promise.all(clients.map((c, i) => c.post('/console/signin', { name: 'ann', password: i === 9 ? 'ann-password-123' : `guess-${i}` })));
    assert.ok(answers.filter((a) => a.status === 303).length <= 1);
    assert.ok(answers.filter((a) => /账户已锁定/.test(a.body)).length >= 7, 'the rest are refused as locked, unchecked');
    const outcomes = (await auditRecords(rig.gw.store)).filter((e) => e.kind === 'console.sign-in' && e.record.user === 'ann').map((e) => e.record.outcome);
    assert.ok(outcomes.filter((o) => o === 'locked').length >= 7, outcomes.join(' '));
  });

  it('a name that does not exist locks the same way: the answers do not tell which names exist', async () => {
    const c = new ConsoleClient(rig.gw.adminUrl);
    const real: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < 4; i++) real.push((await c.signIn('mallory', `wrong-${i}`)).body.includes('账户已锁定') ? 'locked' : 'wrong');
    for (let i = 0; i < 4; i++) unknown.push((await c.signIn('nobody-here', `wrong-${i}`)).body.includes('账户已锁定') ? 'locked' : 'wrong');
    assert.deepEqual(unknown, real);
    assert.deepEqual(real, ['wrong', 'wrong', 'locked', 'locked']);
  });

  it('refuses a second session cookie planted beside the real one, and a sign-in posted from another origin', async () => {
    const planted = new ConsoleClient(rig.gw.adminUrl);
    await consoleUser(rig.gw.store, 'victim', 'reviewer');
    await planted.signIn('victim', 'victim-password-123');
    const real = planted.jar.get('baomi_session')!;
    const page = await fetch(`${rig.gw.adminUrl}/console/queue`, { redirect: 'manual', headers: { cookie: `baomi_session=attackers-session; baomi_session=${real}` } });
    assert.equal(page.status, 303, 'which one is ours cannot be told: signed out');
    const c = new ConsoleClient(rig.gw.adminUrl);
    await c.get('/console/signin');
    const crossSite = await c.post('/console/signin', { name: 'victim', password: 'victim-password-123' }, { origin: 'http://evil.example' });
    assert.equal(crossSite.status, 403);
  });

  it('a user limited to some portals reads neither the audit trail nor manages users, whatever their role', async () => {
    const admin = new ConsoleClient(rig.gw.adminUrl);
    await admin.signIn('limited-admin', 'limited-admin-password-123');
    await admin.get('/console/queue');
    assert.equal((await admin.get('/console/users')).status, 403);
    assert.equal((await admin.post('/console/users', { name: 'escalated', role: 'admin', password: 'escalated-password-1' })).status, 403);
    assert.equal(await rig.gw.store.users.byName('escalated'), undefined);
    assert.equal((await admin.get('/console/audit')).status, 403);
    const auditor = new ConsoleClient(rig.gw.adminUrl);
    await auditor.signIn('limited-auditor', 'limited-auditor-password-123');
    assert.equal((await auditor.get('/console/audit')).status, 403);
    assert.equal((await auditor.get('/console/audit/export')).status, 403);
  });
});
