/**
 * Detection speed, in one run:
 *   1. throughput of the detector on normalised text with 1,000 policy keywords
 *      (target ≥ 20 MB/s on one core), against a baseline measured in the same run:
 *      the naive way, a loop over the 1,000 keywords with indexOf on every line;
 *   2. a 20 KB article end to end through the scanner (extract + detect + decide;
 *      target ≤ 2 ms).
 *
 *   npx tsx bench/detect.ts
 */
import { performance } from 'node:perf_hooks';
import { Detector } from '../src/detect/detector.js';
import { createRuleFamilies } from '../src/detect/families/index.js';
import { emptyDocument, linesFromText } from '../src/extract/document.js';
import { loadPolicy } from '../src/policy/load.js';
import { loadPortal } from '../src/policy/portal.js';
import { Scanner } from '../src/scanner.js';

/** Seeded generator, so every run scans the same text. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const random = rng(20261128);
const vocabulary = '各乡镇人民政府县政府部门为进一步丰富群众文化生活增强体质决定于十月开展全民健身活动请高度重视认真组织确保取得实效经济社会发展目标任务落实工作会议精神加强管理服务保障推进建设';
const pick = (s: string, n: number) => Array.from({ length: n }, () => s[Math.floor(random() * s.length)]).join('');

const keywords = Array.from({ length: 1000 }, () => pick(vocabulary, 3 + Math.floor(random() * 4)));
const paragraphs = Array.from({ length: 4000 }, () => pick(vocabulary, 60 + Math.floor(random() * 80)) + '。');
const text = paragraphs.join('\n');
const megabytes = Buffer.byteLength(text) / 1e6;

const policy = { ...loadPolicy('policies/default.yaml'), keywords: [{ name: 'bench', severity: 'medium' as const, score: 1, words: keywords }] };
const portal = loadPortal('policies/portal-example.yaml');
const detector = new Detector(createRuleFamilies(policy, portal), { evidenceChars: 40 });
const doc = emptyDocument('bench', 'text/plain');
doc.pages.push({ number: 1, lines: linesFromText(text, 'visible', 8) });

function time(label: string, runs: number, work: () => unknown): number {
  work();
  const t = performance.now();
  for (let i = 0; i < runs; i++) work();
  const ms = (performance.now() - t) / runs;
  return ms;
}

const baseline = time('baseline', 2, () => {
  let hits = 0;
  for (const l of doc.pages[0]!.lines) for (const k of keywords) if (l.text.includes(k)) hits++;
  return hits;
});
let findings = 0;
const detect = time('detect', 5, () => (findings = detector.detect(doc).length));

const scanner = new Scanner(policy, { portal });

/** p50 and p99 of scanning one body end to end, after a warm-up. */
async function endToEnd(html: string): Promise<{ p50: number; p99: number }> {
  const bytes = Buffer.from(html);
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) await scanner.scan([{ part: 'body', bytes, declaredType: 'text/html' }]);
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    await scanner.scan([{ part: 'body', bytes, declaredType: 'text/html' }]);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[150]!, p99: samples[297]! };
}

let article = '<h1>关于开展全民健身月活动的通知</h1>\n';
while (Buffer.byteLength(article) < 20 * 1024) article += `<p>${pick(vocabulary, 100)}。</p>\n`;
// The same size of page as a block-editor theme writes it: a style sheet, classes, inline styles, hidden
// screen-reader text, block comments and a shortcode, so the rendered and the written views both run.
let styled = '<style>.lead{font-weight:bold}.note::before{content:"注："}.sr{display:none}</style><!-- wp:heading {"level":1} --><h1 class="lead">关于开展全民健身月活动的通知</h1><!-- /wp:heading -->\n';
for (let i = 0; Buffer.byteLength(styled) < 20 * 1024; i++) {
  styled += i % 5 === 0
    ? `<!-- wp:paragraph {"className":"note"} --><p class="note" style="color:#333;line-height:1.8">${pick(vocabulary, 60)}<span class="screen-reader-text">（链接）</span>。</p><!-- /wp:paragraph -->\n`
    : `<p>${pick(vocabulary, 80)}<span class="sr">隐藏</span>，[caption caption="${pick(vocabulary, 4)}"]图[/caption]。</p>\n`;
}
// The same size of page as a portal serves it: navigation, breadcrumbs, a meta line and a disclosure table around the
// content block, a footer: the main content is found before the document's zones are.
const nav = Array.from({ length: 30 }, (_, i) => `<li><a href="/c${i}">${pick(vocabulary, 2)}</a></li>`).join('');
let portalPage = `<!DOCTYPE html><html><head><title>通知</title></head><body><div class="top"><a href="/">首页</a></div><ul class="nav">${nav}</ul><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/tz">通知公告</a></div><h1>关于开展全民健身月活动的通知</h1><div class="info">发布时间：2024-05-10 来源：县体育局 浏览次数：123</div><table class="xxgk"><tr><td>索引号：</td><td>113311220012345678/2024-00123</td><td>公开方式：</td><td>主动公开</td></tr></table><div class="TRS_Editor">`;
while (Buffer.byteLength(portalPage) < 19 * 1024) portalPage += `<p>${pick(vocabulary, 80)}。</p>\n`;
portalPage += '</div><div class="footer">主办单位：清河县人民政府办公室 网站标识码：3311220001</div></body></html>';
const plain = await endToEnd(article);
const themed = await endToEnd(styled);
const portalled = await endToEnd(portalPage);

console.log(`bench/detect.ts — ${megabytes.toFixed(1)} MB of text, ${doc.pages[0]!.lines.length} lines, 1,000 keywords, ${findings} findings`);
console.log(`detector (all rule families + 1,000 keywords): ${(megabytes / (detect / 1000)).toFixed(1)} MB/s (target ≥ 20)`);
console.log(`baseline (keywords only, a loop of indexOf):   ${(megabytes / (baseline / 1000)).toFixed(1)} MB/s   detector/baseline ${(baseline / detect).toFixed(1)}×`);
console.log(`20 KB article end to end: p50 ${plain.p50.toFixed(2)} ms, p99 ${plain.p99.toFixed(2)} ms (target p50 ≤ 2)`);
console.log(`20 KB themed article (style sheet, hidden text, blocks: both views): p50 ${themed.p50.toFixed(2)} ms, p99 ${themed.p99.toFixed(2)} ms (target p50 ≤ 2)`);
console.log(`20 KB portal page (chrome around the content block: main content found first): p50 ${portalled.p50.toFixed(2)} ms, p99 ${portalled.p99.toFixed(2)} ms (target p50 ≤ 2)`);
