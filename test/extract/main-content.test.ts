import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { walkDocuments } from '../../src/extract/document.js';
import { loadPolicy } from '../../src/policy/load.js';
import { loadPortal } from '../../src/policy/portal.js';
import { Scanner } from '../../src/scanner.js';

const scanner = new Scanner(loadPolicy('policies/default.yaml'), { ocr: false, portal: loadPortal('policies/portal-example.yaml') });

/** A portal page: chrome above and below, the document in `content`. */
function page(content: string, options: { table?: string; around?: (doc: string) => string } = {}): string {
  const nav = ['首页', '政务公开', '政务服务', '互动交流', '走进清河'].map((n) => `<li><a href="#">${n}</a></li>`).join('');
  const around = options.around ?? ((doc) => `<div class="TRS_Editor"><div class="Custom_UnionStyle">${doc}</div></div>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知_清河县人民政府</title></head><body>
<div class="top">欢迎访问清河县人民政府门户网站 <a href="#">无障碍</a></div><div class="logo"><img src="logo.png" alt="清河县人民政府"></div>
<div class="nav"><ul>${nav}</ul></div><div class="position">当前位置：<a href="#">首页</a> &gt; <a href="#">通知公告</a></div>
<div class="main"><h1>关于做好防汛工作的通知</h1><div class="info">发布时间：2024-05-10 来源：县应急局 浏览次数：123 字体：【<a>大</a> <a>中</a> <a>小</a>】</div>
${options.table ?? ''}${around(content)}<div class="print"><a>【打印本页】</a><a>【关闭窗口】</a></div></div>
<div class="footer">主办单位：清河县人民政府办公室 网站标识码：3311220001 ICP备12345678号</div></body></html>`;
}

const body =
  '<p>各乡镇人民政府，县政府各部门：</p><p>为切实做好今年防汛工作，保障人民群众生命财产安全，现就有关事项通知如下。一是加强领导，落实责任；二是加强监测预警；三是加强隐患排查，确保安全度汛。</p><p>清河县人民政府办公室</p><p>2024年5月8日</p>';

async function scan(html: string) {
  const r = await scanner.scan([{ part: 'file', file: 'page.html', bytes: Buffer.from(html) }]);
  const lines = r.documents.flatMap((d) => [...walkDocuments(d)]).flatMap((d) => d.pages.flatMap((p) => p.lines));
  return { verdict: r.decision.verdict, rules: r.findings.map((f) => f.rule), first: r.decision.reasons[0]?.rule, lines };
}

describe('HTML: the document inside the page', () => {
  for (const [name, around] of [
    ['TRS WCM', undefined],
    ['大汉 JCMS (#zoom)', (d: string) => `<div id="zoom">${d}</div>`],
    ['WordPress block theme', (d: string) => `<div class="entry-content wp-block-post-content">${d}</div>`],
    ['no known container: the densest block', (d: string) => `<div class="wz">${d}</div>`],
  ] as const) {
    it(`${name}: a mark at the top of the article is the document's head, and blocks`, async () => {
      const r = await scan(page(`<p>000123</p><p>秘密★1年</p>${body}`, { around }));
      assert.equal(r.verdict, 'block', JSON.stringify(r.rules));
      assert.equal(r.first, 'marking.level-line');
      const chrome = r.lines.filter((l) => l.origin === 'chrome').map((l) => l.text);
      assert.ok(chrome.includes('关于做好防汛工作的通知') && chrome.some((t) => t.startsWith('发布时间')), 'the page title and meta line are chrome');
      // The page's own first lines stay head too (finding the content only adds a head), but chrome below them is not.
      assert.ok(r.lines.filter((l) => l.origin === 'chrome' && l.text.startsWith('发布时间')).every((l) => l.zone === 'body'), 'the meta line is not the head');
    });
  }

  it('a decoy content block cannot turn the real head into chrome: hidden blocks weigh nothing, and the top of the page stays head', async () => {
    const head = '<p>000157 机密★5年</p><p>南屏省人民政府文件</p>';
    const hiddenDecoy = await scan(`<html><body>${head}${body}<div class="TRS_Editor" style="display:none">${body}${body}</div></body></html>`);
    assert.equal(hiddenDecoy.verdict, 'block');
    const visibleDecoy = await scan(`<html><body>${head}<nav><a>一</a><a>二</a></nav><div class="TRS_Editor">${body}${body}</div></body></html>`);
    assert.equal(visibleDecoy.verdict, 'block');
  });

  it('a meta line typed under a real head does not push the head out of it', async () => {
    const r = await scanner.scan([{ part: 'body', bytes: Buffer.from('000157 机密★5年\n南屏省人民政府文件\n关于……的通知\n浏览次数：100\n各市人民政府：') }]);
    assert.equal(r.decision.verdict, 'block');
  });

  it('a bare 内部 at the top of the article blocks; the same page without it passes', async () => {
    assert.equal((await scan(page(`<p>内部</p>${body}`))).verdict, 'block');
    assert.equal((await scan(page(body))).verdict, 'allow');
  });

  it("a 版头 drawn as an image: its alt text stands where the image does, at the document's head", async () => {
    const r = await scan(page(`<p><img src="head.png" alt="秘密★1年" title="禾州市人民政府文件"></p>${body}`));
    assert.equal(r.verdict, 'block');
    assert.equal(r.first, 'marking.level-line');
  });

  it("a disclosure table's label and value cells are read together: 不予公开 holds, 主动公开 is release evidence", async () => {
    const table = (how: string) => `<table class="xxgk_table"><tr><td>索引号：</td><td>113311220012345678/2024-00123</td><td>公开方式</td><td>${how}</td></tr></table>`;
    const refused = await scan(page(body, { table: table('不予公开') }));
    assert.equal(refused.verdict, 'hold');
    assert.ok(refused.rules.includes('work-secret.not-for-release'));
    const released = await scan(page(`<p>南屏省人民政府文件</p><p>屏政发〔2024〕5号</p>${body}`, { table: table('主动公开') }));
    assert.equal(released.verdict, 'allow', JSON.stringify(released.rules));
    assert.ok(released.rules.includes('public.disclosure-attribute') && released.rules.includes('superior.issuer-banner'));
    const unreleased = await scan(page(`<p>南屏省人民政府文件</p><p>屏政发〔2024〕5号</p>${body}`));
    assert.equal(unreleased.verdict, 'hold', 'a superior document without release evidence waits for a reviewer');
  });

  it("a page copied as text: the document's head starts after the page's meta lines", async () => {
    const copied = ['当前位置：首页 > 通知公告', '关于做好防汛工作的通知', '发布时间：2024-05-10 来源：县应急局 浏览次数：123', '字体：【大 中 小】', '索引号：113311220012345678/2024-00123', '发布机构：县应急局', '成文日期：2024-05-08', '公开方式：主动公开'];
    const r = await scanner.scan([{ part: 'file', file: 'page.txt', bytes: Buffer.from([...copied, '000123', '秘密★1年', '禾州市人民政府办公室文件', '禾政办发〔2024〕12号', '各县（市、区）人民政府：', '现将有关事项通知如下。'].join('\n')) }]);
    assert.equal(r.decision.verdict, 'block');
    assert.equal(r.decision.reasons[0]!.rule, 'marking.level-line');
  });

  it('a page whose 版头 is a picture (wide, or saying what it shows) is not a cut-off header; the same end matter without a head is', async () => {
    const end = '<p>抄送：县委办公室，县人大常委会办公室。</p><p>清河县人民政府办公室 2024年5月8日印发</p>';
    const pictured = await scan(page(`<p><img src="/uploadfiles/W0202405.png" width="600" alt=""></p>${body}${end}`));
    assert.equal(pictured.verdict, 'allow', JSON.stringify(pictured.rules));
    const spacer = await scan(page(`<p><img src="/images/dot.gif" alt=""></p>${body}${end}`));
    assert.equal(spacer.verdict, 'hold', 'a spacer or an icon is no 版头');
    const cut = await scan(page(`${body}${end}`));
    assert.equal(cut.verdict, 'hold');
    assert.deepEqual(cut.rules, ['official.cut-off-header']);
  });

  it('a post body with no chrome is the document from its first line', async () => {
    const r = await scan(`<p>秘密★1年</p>${body}`);
    assert.equal(r.verdict, 'block');
    assert.ok(r.lines.every((l) => l.origin !== 'chrome'));
  });
});
