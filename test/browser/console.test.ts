import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import request from 'supertest';
import { consoleUser } from '../helpers/console.js';
import { startRig, type TestRig } from '../helpers/gateway.js';
import { acceptLogin } from '../helpers/upstream.js';
import { makePdf } from '../fixtures/make.js';
import { renderPage } from '../fixtures/pages.js';

const executablePath = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run) and must run these; elsewhere say what is missing.
const skip = !existsSync(executablePath) && !process.env.CI ? 'needs Debian chromium (apt-get install chromium)' : false;
const shots = process.env.BAOMI_SCREENSHOTS;

/** Held content that would run script if the console ever put it on a page unescaped. */
const hostile = {
  title: '工作动态"><img src=x onerror="window.pwned=1">',
  content: '<p>本周召开专题会议，传达了机密★文件的有关要求。</p><script>window.pwned=2</script><p><svg onload="window.pwned=3"></svg>&lt;script&gt;window.pwned=4&lt;/script&gt;</p>',
  status: 'publish',
};

/**
 * The red box is drawn around the mark 机密★ (characters 12-15 of the
 * 23-character line that starts at x 100 and ends near x 990), not around
 * the whole line.
 */
function assertMarkBoxed(rgb: Buffer, width: number): void {
  let red = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  for (let i = 0; i < rgb.length; i += 3) {
    if (!(rgb[i]! > 180 && rgb[i + 1]! < 60 && rgb[i + 2]! < 60)) continue;
    red++;
    const x = (i / 3) % width;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
  }
  assert.ok(red > 300, `a red box is drawn (${red} red pixels)`);
  assert.ok(minX > 450 && maxX < 800, `the box is around the mark, not the line: x ${minX}..${maxX}`);
}

describe('the reviewer console in a real browser', { skip }, () => {
  let rig: TestRig;
  let browser: Browser;
  let attacker: http.Server;
  let attackerUrl: string;
  before(async () => {
    rig = await startRig({ policy: { console: { lockoutFailures: 3, signInsPerMinute: 100 } } });
    await consoleUser(rig.gw.store, 'ann', 'reviewer');
    await consoleUser(rig.gw.store, 'aud', 'auditor');
    await consoleUser(rig.gw.store, 'locky', 'reviewer');
    browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    // Another site on this machine, with a form that posts to the console as soon as it loads.
    attacker = http.createServer((req, res) => {
      const target = new URL(req.url!, 'http://x').searchParams.get('target')!;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><form id=f method=post action="${target}"><input name=reason value=forged></form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  });
  after(async () => {
    await browser?.close();
    await rig?.close();
    await new Promise((r) => attacker?.close(r));
  });

  async function hold(body: string | Buffer, path = '/wp-json/wp/v2/posts', type = 'application/json', headers: Record<string, string> = {}): Promise<string> {
    const res = await request(rig.gw.publicUrl).post(path).set('Content-Type', type).set('Cookie', acceptLogin(rig.upstream, 'editor1')).set('X-WP-Nonce', 'abc123').set(headers).send(body);
    assert.equal(res.body.code, 'baomi_held', JSON.stringify(res.body));
    return res.body.data.holdId;
  }

  async function signIn(name: string, password = `${name}-password-123`, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('dialog', (d) => void d.dismiss());
    await page.goto(`${rig.gw.adminUrl}/console/`);
    await page.fill('input[name=name]', name);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    return page;
  }

  it('signs in, shows the queue, and releases an item to the CMS byte for byte', async () => {
    const raw = JSON.stringify({ title: '工作动态', content: '<p>本周召开专题会议，传达了机密★文件的有关要求。</p>', status: 'publish' });
    const id = await hold(raw);
    const page = await signIn('ann');
    assert.equal(await page.title(), '待审队列 · 审核台');
    assert.match(await page.locator('nav').innerText(), /待审队列\s*1/);
    if (shots) await page.screenshot({ path: `${shots}/console-queue.png` });
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/console/holds/${id}"]`)]);
    assert.equal(await page.locator('ol.text mark').first().innerText(), '机密★');
    assert.match(await page.locator('ol.text li.hit').first().innerText(), /传达了机密★文件/);
    if (shots) await page.screenshot({ path: `${shots}/console-item.png`, fullPage: true });
    rig.upstream.received.length = 0;
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("放行（发送至网站）")')]);
    assert.match(await page.locator('.notice').first().innerText(), /已放行/);
    const got = rig.upstream.received.filter((r) => r.method === 'POST');
    assert.equal(got.length, 1);
    assert.equal(got[0]!.body.toString(), raw);
    assert.match(await page.locator('.history').innerText(), /ann · 放行/);
    await page.close();
  });

  it('shows hostile held content as text: nothing in it runs', async () => {
    const id = await hold(JSON.stringify(hostile));
    const page = await signIn('ann');
    const violations: string[] = [];
    page.on('console', (m) => violations.push(m.text()));
    await page.goto(`${rig.gw.adminUrl}/console/holds/${id}`);
    await page.waitForLoadState('load');
    assert.equal(await page.evaluate('window.pwned'), undefined);
    assert.equal(await page.locator('main img').count(), 0, 'no element of the held content became an element of the page');
    assert.equal(await page.locator('main svg, main script').count(), 0);
    assert.match(await page.locator('main').innerText(), /<script>window\.pwned=4<\/script>/, 'it is shown, as text');
    await page.goto(`${rig.gw.adminUrl}/console/queue`);
    assert.equal(await page.evaluate('window.pwned'), undefined);
    await page.close();
  });

  it('draws a photographed page with a box around the mark OCR found', { timeout: 120_000 }, async () => {
    const png = await renderPage([{ text: '工作动态', x: 200, y: 200, size: 44 }, { text: '本周召开专题会议，传达了机密★文件的有关要求。', x: 100, y: 300 }]);
    const id = await hold(png, '/wp-json/wp/v2/media', 'image/png', { 'Content-Disposition': 'attachment; filename="scan.png"' });
    const page = await signIn('ann');
    await page.goto(`${rig.gw.adminUrl}/console/holds/${id}`);
    const img = page.locator('.figure img').first();
    await img.waitFor();
    await page.waitForFunction('document.querySelector(".figure img").naturalWidth > 0');
    // The box is drawn into the picture: red pixels where the mark's line is.
    const drawn = await page.context().request.get(rig.gw.adminUrl + (await img.getAttribute('src')));
    assert.equal(drawn.headers()['content-type'], 'image/png');
    const { data, info } = await sharp(await drawn.body()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    assert.ok(info.width > 500 && info.height > 500, `page image drawn: ${info.width}x${info.height}`);
    assertMarkBoxed(data, info.width);
    assert.ok((await page.locator('ol.text mark', { hasText: '机密★' }).count()) > 0);
    if (shots) await page.screenshot({ path: `${shots}/console-scan.png`, fullPage: true });
    await page.close();
  });

  it('draws a scanned PDF page the same way, with the mark boxed', { timeout: 120_000 }, async () => {
    const scan = await renderPage([{ text: '工作动态', x: 200, y: 200, size: 44 }, { text: '本周召开专题会议，传达了机密★文件的有关要求。', x: 100, y: 300 }]);
    const pdf = await makePdf([[]], { images: [scan] });
    const id = await hold(pdf, '/wp-json/wp/v2/media', 'application/pdf', { 'Content-Disposition': 'attachment; filename="scan.pdf"' });
    const page = await signIn('ann');
    await page.goto(`${rig.gw.adminUrl}/console/holds/${id}`);
    const img = page.locator('.figure img').first();
    await img.waitFor();
    const drawn = await page.context().request.get(rig.gw.adminUrl + (await img.getAttribute('src')));
    const { data, info } = await sharp(await drawn.body()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    assert.ok(Math.abs(info.width - 1240) <= 1, `an A4 page at 150 dpi: ${info.width}`);
    assertMarkBoxed(data, info.width);
    await page.close();
  });

  it('a form posted from another site is refused and changes nothing', async () => {
    const id = await hold(JSON.stringify({ title: '动态 csrf', content: '<p>传达了机密★文件。</p>', status: 'publish' }));
    const page = await signIn('ann');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/reject')), page.goto(`${attackerUrl}/?target=${encodeURIComponent(`${rig.gw.adminUrl}/console/holds/${id}/reject`)}`)]);
    assert.equal(response.status(), 403);
    await page.waitForLoadState();
    assert.match(await page.locator('main').innerText(), /表单已过期或来源不明/);
    assert.equal((await rig.gw.store.holds.get(id))!.state, 'pending');
    await page.close();
  });

  it('an auditor sees items but no actions, and cannot reach user administration', async () => {
    const id = await hold(JSON.stringify({ title: '动态 roles', content: '<p>传达了机密★文件。</p>', status: 'publish' }));
    const page = await signIn('aud');
    await page.goto(`${rig.gw.adminUrl}/console/holds/${id}`);
    assert.equal(await page.locator('button:has-text("放行")').count(), 0);
    assert.match(await page.locator('main').innerText(), /您的角色只能查看/);
    assert.equal(await page.locator('nav a[href="/console/users"]').count(), 0);
    const users = await page.goto(`${rig.gw.adminUrl}/console/users`);
    assert.equal(users?.status(), 403);
    await page.close();
  });

  it('locks an account after repeated wrong passwords', async () => {
    let page: Page | undefined;
    for (let i = 0; i < 3; i++) {
      await page?.close();
      page = await signIn('locky', `wrong-password-${i}`);
    }
    assert.match(await page!.locator('[role=alert]').innerText(), /账户已锁定/);
    await page!.close();
    const right = await signIn('locky');
    assert.equal(await right.title(), '登录 · 审核台', 'still the sign-in page');
    assert.match(await right.locator('[role=alert]').innerText(), /账户已锁定/);
    await right.close();
  });

  it('works on a tablet, in English', async () => {
    const page = await signIn('ann', undefined, { width: 800, height: 1100 });
    await Promise.all([page.waitForNavigation(), page.click('text=English')]);
    assert.equal(await page.title(), 'Review queue · Review console');
    const overflow = () => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth').then(Number);
    assert.ok((await overflow()) <= 0, `no sideways scrolling on the queue at 800 px (${await overflow()} px over)`);
    await Promise.all([page.waitForNavigation(), page.locator('table a').first().click()]);
    assert.match(await page.title(), /^Held item /);
    assert.ok((await overflow()) <= 0, `no sideways scrolling on an item at 800 px (${await overflow()} px over)`);
    if (shots) await page.screenshot({ path: `${shots}/console-tablet.png`, fullPage: true });
    await page.close();
  });
});
