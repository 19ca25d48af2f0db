import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { normalise } from '../../src/detect/normalise.js';
import type { Document } from '../../src/extract/document.js';
import { loadPolicy } from '../../src/policy/load.js';
import { Scanner } from '../../src/scanner.js';
import { htmlCases } from '../hostile/html.js';

const executablePath = '/usr/bin/chromium';
const skip = !existsSync(executablePath) && !process.env.CI ? 'needs Debian chromium (apt-get install chromium)' : false;

/**
 * The class names the scanner treats as hidden, styled as themes style them
 * (WordPress core's screen-reader-text and the common frameworks' helpers):
 * the page is rendered as the portal would show it.
 */
const themeCss = `<style>
.screen-reader-text,.screen-reader-only,.sr-only,.visually-hidden,.visuallyhidden{border:0;clip:rect(1px,1px,1px,1px);clip-path:inset(50%);height:1px;margin:-1px;overflow:hidden;padding:0;position:absolute!important;width:1px;word-wrap:normal!important}
.hidden,.hide,.d-none{display:none!important}
</style>`;

/** Extra pages of ordinary portal markup: tables, lists, line breaks, inline formatting, entities. */
const portalPages = [
  '<h1>关于做好防汛工作的通知</h1><p>各乡镇人民政府：<br>现将有关事项<strong>通知</strong>如下。</p><ol><li>加强值班</li><li>做好<em>预案</em></li></ol>',
  '<table><tr><th>单位</th><th>联系人</th></tr><tr><td>县水利局</td><td>张&nbsp;三</td></tr></table><p>附件：1.&nbsp;值班表</p>',
  '<div class="entry-content"><p style="text-align:center">南屏县人民政府办公室</p><p style="text-align:right">2024年6月1日</p><p>（此件公开发布）</p></div>',
];

/** Runs in the page (a string: the project compiles without DOM types). */
const readShown = String.raw`(() => {
  const unseen = Array.from(document.body.querySelectorAll('*')).filter((el) => {
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const transparent = /rgba\(.*,\s*0\)$/.test(style.color) || style.color === 'transparent';
    const offPage = rect.right <= 0 || rect.bottom <= 0;
    const clipped = (style.clip !== 'auto' || style.clipPath !== 'none') && rect.width * rect.height <= 1;
    return parseFloat(style.fontSize) < 2 || transparent || style.opacity === '0' || offPage || clipped;
  });
  for (const el of unseen) el.style.setProperty('display', 'none', 'important');
  const lines = document.body.innerText.split(/[\n\t]/).map((l) => l.trim()).filter(Boolean);
  const visual = [];
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const style = getComputedStyle(el);
    const rtl = style.unicodeBidi === 'bidi-override' || el.tagName === 'BDO' || /[\u202E\u202B\u202D]/.test(el.textContent ?? '');
    if (!rtl || !el.innerText) continue;
    const chars = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (rect.width > 0) chars.push({ c: text[i], x: rect.x });
      }
    }
    visual.push(chars.sort((a, b) => a.x - b.x).map((c) => c.c).join(''));
  }
  return { lines, visual };
})()`;

/**
 * What the browser shows: innerText lines, and for right-to-left runs the
 * characters in the order they stand on screen. innerText still counts text
 * no eye can see (0.1-px type, transparent colour, zero opacity, clipped to a
 * pixel, placed off the page): the browser's own computed style and layout
 * say which, and such elements are taken out first. Scripts do not run: the
 * rendered view is what the markup shows; what a script writes is read from
 * its string literals, which the corpus test checks.
 */
async function shownText(page: Page, html: string): Promise<{ lines: string[]; visual: string[] }> {
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8">${themeCss}</head><body>${html}</body></html>`);
  return (await page.evaluate(readShown)) as { lines: string[]; visual: string[] };
}

/** The scanner's rendered view of a body: the page's own lines and its chrome (not the as-written reading, not attributes or scripts). */
function renderedView(doc: Document): string {
  return doc.pages.flatMap((p) => p.lines.filter((l) => l.origin === 'visible' || l.origin === 'title' || l.origin === 'chrome').map((l) => l.text)).join('\n');
}

const comparable = (s: string) => normalise(s).text.replace(/\s+/g, '');

describe('the rendered view against a real browser', { skip }, () => {
  let browser: Browser;
  let page: Page;
  before(async () => {
    browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  });
  after(() => browser?.close());

  it("contains every line chromium's innerText shows, for the HTML corpus and ordinary portal pages", async () => {
    const scanner = new Scanner(loadPolicy('policies/default.yaml'), { ocr: false });
    const pages = [...(await htmlCases()).map((c) => ({ id: c.id, html: c.bytes.toString('utf8') })), ...portalPages.map((html, i) => ({ id: `portal-${i}`, html }))];
    const missing: string[] = [];
    let checked = 0;
    for (const { id, html } of pages) {
      const shown = await shownText(page, html);
      const result = await scanner.scan([{ part: 'field:content', bytes: Buffer.from(html), declaredType: 'text/html' }]);
      const scanned = comparable(renderedView(result.documents[0]!));
      const visual = shown.visual.map(comparable);
      for (const line of shown.lines) {
        const want = comparable(line);
        if (!want) continue;
        checked++;
        // A right-to-left run reads on screen in visual order: that is what must be scanned.
        const laidOut = visual.find((v) => v.length === want.length && [...v].sort().join('') === [...want].sort().join(''));
        if (!scanned.includes(laidOut ?? want)) missing.push(`${id}: "${line}" (scanned: ${scanned.slice(0, 80)})`);
      }
    }
    assert.ok(checked >= 100, `${checked} lines compared`);
    assert.deepEqual(missing, []);
  });
});
