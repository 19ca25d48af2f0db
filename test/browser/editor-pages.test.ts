import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startRig, type TestRig } from '../helpers/gateway.js';

const executablePath = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run) and must run these; elsewhere say what is missing.
const skip = !existsSync(executablePath) && !process.env.CI ? 'needs Debian chromium (apt-get install chromium)' : false;

const editorForm = `<!doctype html><html><head><meta charset="utf-8"><title>撰写新文章</title></head><body>
<form method="post" action="/wp-admin/post.php">
  <input name="post_title" value="转发通知">
  <textarea name="content"></textarea>
  <input type="hidden" name="_wpnonce" value="abc">
  <button name="publish" value="Publish">发布</button>
</form></body></html>`;

describe('what an editor sees in a real browser', { skip }, () => {
  let rig: TestRig;
  let browser: Browser;
  before(async () => {
    rig = await startRig();
    rig.upstream.respond = (req, res) => {
      if (req.method === 'GET' && req.url.startsWith('/wp-admin/post-new.php')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(editorForm);
        return;
      }
      res.writeHead(302, { Location: '/?p=1' });
      res.end();
    };
    browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
    await rig?.close();
  });

  /** Opens the classic editor, types the content and presses 发布, as an editor would. */
  async function publish(content: string) {
    const page = await browser.newPage();
    await page.goto(`${rig.gw.publicUrl}/wp-admin/post-new.php`);
    await page.fill('textarea[name=content]', content);
    await Promise.all([page.waitForNavigation(), page.click('button[name=publish]')]);
    return page;
  }

  it('a classic-editor post with a 密级 mark shows the Chinese block page, and 返回修改 goes back to the form', async () => {
    const page = await publish('秘密★1年\n关于做好防汛工作的通知\n各乡镇人民政府：……');
    assert.equal(await page.title(), '发布已被拦截');
    const text = await page.locator('main').innerText();
    assert.match(text, /发布已被拦截/);
    assert.match(text, /文首标有国家秘密密级“秘密★1年”/);
    assert.match(text, /Not published/);
    if (process.env.BAOMI_SCREENSHOTS) await page.screenshot({ path: `${process.env.BAOMI_SCREENSHOTS}/blocked.png`, fullPage: true });
    await Promise.all([page.waitForNavigation(), page.click('text=返回修改')]);
    assert.equal(await page.title(), '撰写新文章');
    assert.equal(rig.upstream.received.filter((r) => r.method === 'POST').length, 0);
    await page.close();
  });

  it('a held post shows the hold id, and its status link opens the status page', async () => {
    const page = await publish('本周召开专题会议，传达了机密★文件的有关要求。');
    assert.equal(await page.title(), '内容待保密审查');
    const text = await page.locator('main').innerText();
    const holdId = /审查编号 ([A-Za-z0-9_-]{12})/.exec(text)?.[1];
    assert.ok(holdId, text);
    await Promise.all([page.waitForNavigation(), page.click('text=查看审查状态')]);
    assert.match(await page.locator('main').innerText(), new RegExp(`审查编号 ${holdId}[\\s\\S]*等待保密审查`));
    if (process.env.BAOMI_SCREENSHOTS) await page.screenshot({ path: `${process.env.BAOMI_SCREENSHOTS}/held-status.png`, fullPage: true });
    await page.close();
  });
});
