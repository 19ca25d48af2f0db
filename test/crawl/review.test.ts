import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { tokenHash } from '../../src/review/auth.js';
import { baomi, baomiAsync } from '../helpers/cli.js';
import { ConsoleClient, consoleUser } from '../helpers/console.js';
import { ADMIN_TOKEN, eventually, startRig, type TestRig } from '../helpers/gateway.js';
import { serveSite, type ServedSite } from './site.js';
import { smallSite } from './small-site.js';

const executablePath = '/usr/bin/chromium';
const shots = process.env.BAOMI_SCREENSHOTS;
const noBrowser = !existsSync(executablePath) && !process.env.CI ? 'needs Debian chromium (apt-get install chromium)' : false;

describe('already-published items: a scheduled crawl inside the gateway, the review API and the metrics', () => {
  let site: ServedSite;
  let rig: TestRig;
  before(async () => {
    site = await serveSite(smallSite());
    rig = await startRig({ upstreamUrl: site.url, env: { BAOMI_CRAWL_EVERY: '1d', BAOMI_CRAWL_SOURCE: 'start /index.html' } });
    await rig.gw.store.users.create('li', 'reviewer', tokenHash('token-of-li'));
    await rig.gw.store.users.create('wang', 'reviewer', tokenHash('token-of-wang'), ['elsewhere']);
  });
  after(async () => {
    await rig.close();
    await site.close();
  });
  const api = (token = 'token-of-li') => ({
    get: (path: string) => request(rig.gw.adminUrl).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) => request(rig.gw.adminUrl).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  it('crawls every portal once the gateway starts, and lists what it found for reviewers', async () => {
    const runs = await eventually(async () => {
      const r = await api(ADMIN_TOKEN).get('/api/crawls');
      assert.equal(r.body.items[0]?.state, 'finished');
      return r.body.items as Array<{ source: string; stats: Record<string, number> }>;
    }, 30_000);
    assert.equal(runs[0]!.source, `start ${site.url}/index.html`);
    assert.deepEqual([runs[0]!.stats.page, runs[0]!.stats.block, runs[0]!.stats.hold, runs[0]!.stats.unscanned], [5, 1, 1, 1]);
    const open = await api().get('/api/published?state=open');
    assert.equal(open.status, 200);
    assert.equal(open.body.items.length, 2);
    const item = open.body.items.find((i: { verdict: string }) => i.verdict === 'block');
    assert.equal(item.url, `${site.url}/a.html`);
    assert.equal(item.verdict, 'block');
    assert.match(item.foundAt, /^\d{4}-\d\d-\d\dT/);
    assert.ok(item.findings.some((f: { evidence: string }) => f.evidence.includes('秘密★1年')));
    assert.deepEqual((await api().get(`/api/published/${item.id}`)).body.id, item.id);
  });

  it('takes one decision per item, refuses unknown decisions, and hides other portals\' items', async () => {
    const item = (await api().get('/api/published?state=open')).body.items.find((i: { verdict: string }) => i.verdict === 'block');
    assert.equal((await api().post(`/api/published/${item.id}/decide`, { decision: 'delete-it' })).status, 400);
    const decided = await api().post(`/api/published/${item.id}/decide`, { decision: 'taken-down', note: '已从网站撤下' });
    assert.equal(decided.status, 200);
    assert.equal(decided.body.state, 'taken-down');
    assert.deepEqual(decided.body.history.map((e: { action: string }) => e.action), ['found', 'taken-down']);
    const again = await api().post(`/api/published/${item.id}/decide`, { decision: 'false-alarm' });
    assert.equal(again.status, 409);
    assert.equal((await api('token-of-wang').get(`/api/published/${item.id}`)).status, 404, 'another portal\'s reviewer does not see it');
    assert.deepEqual((await api('token-of-wang').get('/api/published')).body.items, []);
    assert.equal((await api('token-of-wang').get('/api/crawls')).status, 403);
    assert.equal((await api().get('/api/published?state=gone')).status, 400);
  });

  it('shows the found-online page in a browser: the item, its evidence, its links and the decisions', { skip: noBrowser }, async () => {
    await consoleUser(rig.gw.store, 'qian', 'officer');
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${rig.gw.adminUrl}/console/`);
      await page.fill('input[name=name]', 'qian');
      await page.fill('input[name=password]', 'qian-password-123');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await Promise.all([page.waitForNavigation(), page.click('nav a[href="/console/published"]')]);
      assert.equal(await page.evaluate('document.querySelectorAll("section.panel").length'), 1);
      assert.match((await page.evaluate('document.querySelector("section.panel").innerText')) as string, /机密★/);
      assert.deepEqual(await page.evaluate('[...document.querySelectorAll("section.panel button")].map((b) => b.textContent)'), ['已撤下', '确认可公开', '误报']);
      assert.equal(await page.evaluate('document.querySelector("section.panel a").rel'), 'noreferrer noopener');
      if (shots) await page.screenshot({ path: `${shots}/console-published.png`, fullPage: true });
      await Promise.all([page.waitForNavigation(), page.click('a[href="/console/published?state=taken-down"]')]);
      assert.match((await page.evaluate('document.querySelector("main").innerText')) as string, /秘密★1年[\s\S]*已从网站撤下/);
    } finally {
      await browser.close();
    }
  });

  it('shows reviewers what was found online in the console, where they decide on it', async () => {
    const console = new ConsoleClient(rig.gw.adminUrl);
    await console.signIn('zhou', await consoleUser(rig.gw.store, 'zhou', 'reviewer'));
    const list = await console.get('/console/published');
    assert.equal(list.status, 200);
    assert.match(list.body, /已发布内容<span class="count">1<\/span>/);
    assert.match(list.body, new RegExp(`href="${site.url}/d\\.html" target="_blank" rel="noreferrer noopener"`));
    assert.match(list.body, /机密★/);
    const id = /action="\/console\/published\/([\w-]+)\/decide"/.exec(list.body)![1]!;
    const forged = await console.post(`/console/published/${id}/decide`, { decision: 'false-alarm', _csrf: 'forged' });
    assert.equal(forged.status, 403);
    const decided = await console.post(`/console/published/${id}/decide`, { decision: 'false-alarm', note: '引用的是已解密文件' });
    assert.equal(decided.location, '/console/published?ok=false-alarm');
    const after = await console.get(decided.location!);
    assert.match(after.body, /已记录为误报/);
    assert.match(after.body, /已发布内容<span class="count zero">0<\/span>/);
    const record = (await rig.gw.store.published.get(id))!;
    assert.deepEqual([record.state, record.history.at(-1)!.actor, record.history.at(-1)!.detail], ['false-alarm', 'zhou', '引用的是已解密文件']);
    const auditor = new ConsoleClient(rig.gw.adminUrl);
    await auditor.signIn('sun', await consoleUser(rig.gw.store, 'sun', 'auditor'));
    const seen = await auditor.get('/console/published?state=false-alarm');
    assert.match(seen.body, /引用的是已解密文件/);
    assert.doesNotMatch(seen.body, /\/decide"/);
    assert.equal((await auditor.post(`/console/published/${id}/decide`, { decision: 'taken-down' })).status, 403);
  });

  it('audits the crawl and every decision, and counts them in the metrics', async () => {
    const kinds: string[] = [];
    for await (const e of rig.gw.store.audit.entries()) kinds.push(e.kind);
    for (const k of ['crawl.start', 'crawl.end', 'published.found', 'published.decision']) assert.ok(kinds.includes(k), k);
    const metrics = (await request(rig.gw.adminUrl).get('/metrics')).text;
    assert.match(metrics, /baomi_crawl_tasks_total\{portal="default",kind="page",outcome="block"\} 1/);
    assert.match(metrics, /baomi_crawl_tasks_total\{portal="default",kind="attachment",outcome="unscanned"\} 1/);
    assert.match(metrics, /baomi_crawl_findings_total\{portal="default",verdict="block",outcome="new"\} 1/);
    assert.match(metrics, /baomi_published_open 0/);
    assert.match(metrics, /baomi_crawl_last_finished_timestamp_seconds\{portal="default"\} \d+/);
    assert.doesNotMatch(metrics, /baomi_crawl_frontier\{/, 'no crawl under way');
    // A crawl under way elsewhere (`baomi crawl` on another machine): its progress is read from the store.
    const run = await rig.gw.store.crawls.begin('county-b', 'start http://b/', Date.now());
    await rig.gw.store.crawls.enqueue(run.id, ['/1', '/2', '/3'].map((p) => ({ url: `http://b${p}`, kind: 'page' as const, depth: 1, referrer: null })));
    await rig.gw.store.crawls.claim(run.id, 1);
    const during = (await request(rig.gw.adminUrl).get('/metrics')).text;
    assert.match(during, /baomi_crawl_frontier\{portal="county-b",state="queued"\} 2/);
    assert.match(during, /baomi_crawl_frontier\{portal="county-b",state="claimed"\} 1/);
    await rig.gw.store.crawls.end(run.id, 'stopped', Date.now(), {});
  });
});

describe('baomi crawl on the command line', () => {
  let site: ServedSite;
  const dir = mkdtempSync(join(tmpdir(), 'baomi-crawl-cli-'));
  before(async () => {
    site = await serveSite(smallSite());
  });
  after(() => site.close());

  it('writes the report as HTML, CSV and JSON, prints the open items and exits 4 for a block', async () => {
    const r = await baomiAsync(['crawl', '--start', `${site.url}/index.html`, '--data-dir', join(dir, 'data'), '--rate', '50', '--report', join(dir, 'r.html'), '--report', join(dir, 'r.csv'), '--report', join(dir, 'r.json')]);
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stdout, /^crawl #1 finished: .*page 5.*; 2 open findings$/m);
    assert.match(r.stdout, new RegExp(`BLOCK ${site.url}/a\\.html`));
    // No terminal: plain progress lines, the last one at the end.
    assert.match(r.stderr, /crawl: found 6 · scanned 6 · findings 2 · unscanned 1 · [1-9][\d.]*\/s · ETA 0s\n$/);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    assert.deepEqual(report.findings.map((f: { verdict: string }) => f.verdict), ['block', 'hold']);
    assert.deepEqual(report.unscanned.map((u: { url: string; reason: string }) => [u.url, u.reason.split(':')[0]]), [[`${site.url}/files/missing.pdf`, 'http-404']]);
    const csv = readFileSync(join(dir, 'r.csv'), 'utf8');
    assert.ok(csv.startsWith('\uFEFFtype,verdict,state,url,'));
    assert.match(csv, /\r\nfinding,block,open,http:\/\/127\.0\.0\.1:\d+\/a\.html,/);
    assert.match(csv, /\r\nunscanned,,,http:\/\/127\.0\.0\.1:\d+\/files\/missing\.pdf,http:\/\/127\.0\.0\.1:\d+\/b\.html,/);
  });

  it('shows the HTML report in a browser with its findings grouped and linked', { skip: noBrowser }, async () => {
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${join(dir, 'r.html')}`);
      const headings = (await page.evaluate('[...document.querySelectorAll("h2")].map((h) => h.textContent)')) as string[];
      assert.deepEqual(headings, ['阻止：疑似涉密 Block (1)', '待审：需要人工审核 Hold for review (1)', '未能检查 Unscanned (1)']);
      const links = (await page.evaluate('[...document.querySelectorAll("section.block a")].map((a) => a.href)')) as string[];
      assert.deepEqual(links, [`${site.url}/a.html`]);
      assert.match((await page.evaluate('document.querySelector("section.block li").textContent')) as string, /秘密★1年/);
    } finally {
      await browser.close();
    }
  });

  it('a second crawl rescans nothing, and still reports the item open', async () => {
    const r = await baomiAsync(['crawl', '--start', `${site.url}/index.html`, '--data-dir', join(dir, 'data'), '--rate', '50', '--quiet']);
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stdout, /^crawl #2 finished: .*unchanged 5/m);
    assert.equal(r.stderr, '');
  });

  it('exits 1, not 0, when a limit left pages unread and nothing is open', async () => {
    const r = await baomiAsync(['crawl', '--start', `${site.url}/index.html`, '--data-dir', join(dir, 'limited'), '--rate', '50', '--max-pages', '1', '--quiet']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /; 0 open findings\n {2}not crawled: 4 left unread at a limit \(max-pages: 1 pages read\); the site was not covered\n$/);
  });

  it('refuses a command line without exactly one source (exit 2)', () => {
    assert.equal(baomi(['crawl', '--data-dir', join(dir, 'data')]).status, 2);
    const both = baomi(['crawl', '--start', site.url, '--sitemap', `${site.url}/sitemap.xml`]);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /exactly one of --wordpress URL, --sitemap URL or --start URL/);
    assert.match(baomi(['crawl', '--help']).stdout, /baomi crawl --wordpress URL \| --sitemap URL \| --start URL/);
  });
});
