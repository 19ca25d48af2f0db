/**
 * Several portals behind one gateway, chosen by Host: each request goes to
 * its own portal's CMS and is read by its portal's rules, an unknown Host is
 * refused, holds, audit entries and metrics carry the portal, and a reviewer
 * limited to some portals sees and decides only theirs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import request from 'supertest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { tokenHash } from '../../src/review/auth.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { auditRecords } from '../helpers/audit.js';
import { ADMIN_TOKEN, eventually, writePolicy } from '../helpers/gateway.js';
import { send } from '../helpers/http.js';
import { startRecordingUpstream, type RecordingUpstream } from '../helpers/upstream.js';

const countyAOfficer = 'county-a-officer-token-01234';
const article = (title: string, content = '<p>召开例会，部署近期工作。</p>') => ({ title, content, status: 'publish' });

describe('several portals behind one gateway', () => {
  let a: RecordingUpstream;
  let b: RecordingUpstream;
  let gw: RunningGateway;
  let dir: string;
  let policies: Array<{ dir: string }>;
  const post = (host: string, body: object) => request(gw.publicUrl).post('/wp-json/wp/v2/posts').set('Host', host).send(body);
  const admin = (token = ADMIN_TOKEN) => ({ Authorization: `Bearer ${token}` });

  before(async () => {
    [a, b] = [await startRecordingUpstream(), await startRecordingUpstream()];
    dir = mkdtempSync(join(tmpdir(), 'baomi-portals-'));
    // Portal B is read by a policy of its own: its project code names are secret there.
    policies = [writePolicy(), writePolicy({ keywords: [{ name: 'codes', description: '工程代号', severity: 'strong', score: 1, words: ['蓝盾工程'] }] })];
    writeFileSync(
      join(dir, 'portals.yaml'),
      stringify({
        portals: [
          { id: 'county-a', hosts: ['www.county-a.gov.cn', 'county-a.gov.cn'], upstream: a.url, identity: join(process.cwd(), 'policies/portal-example.yaml') },
          { id: 'county-b', hosts: ['www.county-b.gov.cn'], upstream: b.url, policy: join(policies[1]!.dir, 'default.yaml') },
        ],
      }),
    );
    const config = loadConfig({ env: {}, overrides: { portals: join(dir, 'portals.yaml'), port: 0, adminPort: 0, host: '127.0.0.1', adminHost: '127.0.0.1', dataDir: join(dir, 'data'), policy: join(policies[0]!.dir, 'default.yaml'), adminToken: ADMIN_TOKEN, logLevel: 'silent' } });
    gw = await startGateway(config, { logger: pino({ level: 'silent' }), warmOcr: false });
    // An officer: the editors here are not signed in, and unverified submitters are an officer's to decide.
    await gw.store.users.create('officer-a', 'officer', tokenHash(countyAOfficer), ['county-a']);
  });
  after(async () => {
    await gw?.close();
    await a?.close();
    await b?.close();
    for (const p of policies ?? []) rmSync(p.dir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends each portal's content to its own CMS only, whatever the port or case of the Host", async () => {
    assert.equal((await post('www.county-a.gov.cn', article('甲县动态'))).status, 201);
    assert.equal((await post('WWW.County-B.gov.cn:443', article('乙县动态'))).status, 201);
    assert.deepEqual(a.received.map((r) => JSON.parse(r.body.toString()).title), ['甲县动态']);
    assert.deepEqual(b.received.map((r) => JSON.parse(r.body.toString()).title), ['乙县动态']);
  });

  it('refuses a Host no portal names, and forwards nothing', async () => {
    const before = a.received.length + b.received.length;
    const res = await post('www.county-c.gov.cn', article('丙县动态'));
    assert.equal(res.status, 421);
    assert.match(res.text, /不属于本网关服务的任何网站/);
    const missing = await request(gw.publicUrl).get('/').set('Host', '');
    assert.equal(missing.status, 421);
    assert.equal(a.received.length + b.received.length, before);
    await eventually(async () => assert.ok((await auditRecords(gw.store)).some((e) => e.kind === 'unknown-host' && e.record.host === 'www.county-c.gov.cn')));
  });

  it('refuses a request whose absolute target names another portal than its Host, and brings a matching one to origin form', async () => {
    const before = b.received.length;
    const raw = (target: string) => send(gw.publicUrl, 'POST', target, { Host: 'www.county-a.gov.cn', 'Content-Type': 'application/json' }, JSON.stringify(article('借道发布')));
    const crossing = await raw('http://www.county-b.gov.cn/wp-json/wp/v2/posts');
    assert.equal(crossing.status, 400);
    assert.match(crossing.text, /与 Host 不一致/);
    assert.equal(b.received.length, before, "nothing reaches the other portal's CMS");
    assert.equal((await raw('http://WWW.county-a.gov.cn/wp-json/wp/v2/posts')).status, 201);
    assert.equal(a.received.at(-1)!.url, '/wp-json/wp/v2/posts');
  });

  it("reads each portal by its own rules: a code name secret on one portal is ordinary text on the other", async () => {
    const text = article('工程进展', '<p>蓝盾工程进展顺利。</p>');
    assert.equal((await post('county-a.gov.cn', text)).status, 201);
    const onB = await post('www.county-b.gov.cn', text);
    assert.equal(onB.body.code, 'baomi_held');
  });

  it('holds, audit entries and metrics carry the portal; a reviewer limited to a portal sees and decides only its items', async () => {
    const held = async (host: string) => (await post(host, article('会议', '<p>传达了机密★文件的要求。</p>'))).body.data.holdId as string;
    const [onA, onB] = [await held('www.county-a.gov.cn'), await held('www.county-b.gov.cn')];
    assert.equal((await gw.store.holds.get(onA))!.portal, 'county-a');
    assert.equal((await gw.store.holds.get(onB))!.portal, 'county-b');
    await eventually(async () => {
      const inspections = (await auditRecords(gw.store)).filter((e) => e.kind === 'inspection' && [onA, onB].includes(e.record.holdId));
      assert.deepEqual(inspections.map((e) => e.record.portal).sort(), ['county-a', 'county-b']);
    });
    const metrics = (await request(gw.adminUrl).get('/metrics')).text;
    // County B held the code name too: two holds there, one on county A.
    assert.match(metrics, /baomi_requests_total\{portal="county-b",route="[^"]+",verdict="hold"\} 2\n/);
    assert.match(metrics, /baomi_requests_total\{portal="county-a",route="[^"]+",verdict="hold"\} 1\n/);

    const listed = (token?: string, query = '') => request(gw.adminUrl).get(`/api/holds?state=pending${query}`).set(admin(token));
    assert.deepEqual((await listed(countyAOfficer)).body.items.map((h: { id: string }) => h.id), [onA]);
    assert.deepEqual((await listed(countyAOfficer, '&portal=county-b')).body.items, []);
    const onlyB = (await listed(undefined, '&portal=county-b')).body.items as Array<{ id: string; portal: string }>;
    assert.ok(onlyB.some((h) => h.id === onB) && onlyB.every((h) => h.portal === 'county-b'));
    assert.equal((await request(gw.adminUrl).get(`/api/holds/${onB}`).set(admin(countyAOfficer))).status, 404);
    assert.equal((await request(gw.publicUrl).get(`/_baomi/holds/${onB}`).set('Host', 'www.county-a.gov.cn')).status, 404, "another portal's status page does not exist here");
    assert.equal((await request(gw.publicUrl).get(`/_baomi/holds/${onB}`).set('Host', 'www.county-b.gov.cn')).status, 200);
    assert.equal((await request(gw.adminUrl).post(`/api/holds/${onB}/release`).set(admin(countyAOfficer))).status, 404);

    const registry = await request(gw.adminUrl).get('/api/registry').set(admin(countyAOfficer));
    assert.deepEqual([registry.status, registry.body.error], [403, 'portal_limited'], 'the registry every portal shares is not for a portal-limited officer');

    // Released, each goes back to its own portal's CMS.
    const fromA = a.received.length;
    const fromB = b.received.length;
    assert.equal((await request(gw.adminUrl).post(`/api/holds/${onA}/release`).set(admin(countyAOfficer))).body.state, 'released');
    assert.equal((await request(gw.adminUrl).post(`/api/holds/${onB}/release`).set(admin())).body.state, 'released');
    assert.equal(a.received.length, fromA + 1);
    assert.equal(b.received.length, fromB + 1);
  });
});
