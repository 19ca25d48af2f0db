/**
 * How fast `baomi crawl` reads a portal, against a baseline measured in the
 * same run: the same pages fetched with the same concurrency and nothing
 * else (no scan, no store). And whether memory stays flat over 10,000 pages.
 *
 *   npm run bench:crawl            (BENCH_PAGES=10000 BENCH_PDF_PAGES=200)
 *
 * Prints pages per second for text pages and for pages with a PDF
 * attachment each, their ratio to the baseline, and the heap and RSS of the
 * crawling process after 1,000 pages and at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { AuditTrail } from '../src/audit/chain.js';
import { loadStorageConfig } from '../src/config.js';
import { runCrawl, type CrawlJob } from '../src/crawl/run.js';
import { loadPolicy } from '../src/policy/load.js';
import { Registry } from '../src/registry/registry.js';
import { PublishedService } from '../src/review/published.js';
import { Scanner } from '../src/scanner.js';
import { startScanService } from '../src/scan/start.js';
import { openStorage } from '../src/storage.js';
import { makePdf } from '../test/fixtures/make.js';

const pages = Number(process.env.BENCH_PAGES ?? 10_000);
const pdfPages = Number(process.env.BENCH_PDF_PAGES ?? 200);
const concurrency = 4;
const perList = 50;

const paragraph = '为进一步做好全县安全生产工作，县政府召开专题会议，研究部署重点任务。会议强调，各地各部门要压实责任，加强隐患排查治理，确保全县安全形势稳定。';

/** A portal of `n` article pages behind paginated lists; with `pdf`, each article links a PDF of its own. */
async function site(n: number, pdf: boolean) {
  const pdfBytes = pdf ? await makePdf([[{ text: '关于做好安全生产工作的通知', x: 120, y: 100, size: 18 }, ...Array.from({ length: 20 }, (_, i) => ({ text: paragraph.slice(0, 40), x: 60, y: 150 + i * 24 }))]]) : Buffer.alloc(0);
  const lists = Math.ceil(n / perList);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let m: RegExpExecArray | null;
    const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><meta charset="utf-8"><title>云溪县人民政府</title></head><body><div class="nav"><a href="/list/1.html">政务动态</a></div>${body}</body></html>`);
    if ((m = /^\/list\/(\d+)\.html$/.exec(path))) {
      const l = Number(m[1]);
      const first = (l - 1) * perList + 1;
      const links = Array.from({ length: Math.min(perList, n - first + 1) }, (_, i) => `<li><a href="/art/${first + i}.html">第${first + i}号</a></li>`).join('');
      return html(`<ul>${links}</ul>${l < lists ? `<a href="/list/${l + 1}.html">下一页</a>` : ''}`);
    }
    if ((m = /^\/art\/(\d+)\.html$/.exec(path))) return html(`<h1>工作动态第${m[1]}期</h1>${`<p>${paragraph}（第${m[1]}期）</p>`.repeat(8)}${pdf ? `<p>附件：<a href="/files/${m[1]}.pdf">通知.pdf</a></p>` : ''}`);
    if (pdf && /^\/files\/\d+\.pdf$/.test(path)) return res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdfBytes);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls = [...Array.from({ length: lists }, (_, i) => `${url}/list/${i + 1}.html`), ...Array.from({ length: n }, (_, i) => `${url}/art/${i + 1}.html`), ...(pdf ? Array.from({ length: n }, (_, i) => `${url}/files/${i + 1}.pdf`) : [])];
  return { url, urls, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

/** The baseline: every URL fetched and read, `concurrency` at a time. */
async function fetchAll(urls: string[]): Promise<number> {
  const t = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < urls.length) await (await fetch(urls[next++]!)).arrayBuffer();
  }));
  return (performance.now() - t) / 1000;
}

const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

async function crawlOnce(url: string, label: string, sample?: (done: number) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-bench-crawl-'));
  const storage = await openStorage(loadStorageConfig({ overrides: { dataDir: dir } }), { migrate: true });
  const policy = loadPolicy('policies/default.yaml');
  const audit = new AuditTrail(storage.store.audit, await storage.checkedKey('audit'));
  const registry = await Registry.openIn(storage, audit, policy.registry);
  const scanner = new Scanner(policy, { registry });
  const logger = pino({ level: 'silent' });
  const scans = await startScanService({ policy, portals: [{ id: 'default', policy }], storage, registry, scanner, logger });
  const job: CrawlJob = { start: `${url}/list/1.html`, sites: [], include: [], exclude: [], maxDepth: Number.POSITIVE_INFINITY, maxPages: 1_000_000, maxFetches: 1_000_000, concurrency, rate: 0, timeoutMs: 30_000, maxBytes: policy.limits.bodyBytes, incremental: true, restart: false };
  let done = 0;
  const t = performance.now();
  const summary = await runCrawl({ store: storage.store, scans, published: new PublishedService(storage.store, audit), audit, logger, userAgent: 'bench', events: { settled: () => sample?.(++done) } }, 'default', job);
  const seconds = (performance.now() - t) / 1000;
  await scans.close();
  await scanner.close();
  await registry.close();
  await storage.store.close();
  rmSync(dir, { recursive: true, force: true });
  const tasks = Object.entries(summary.stats).filter(([k]) => k === 'page' || k === 'attachment').reduce((n, [, v]) => n + v, 0);
  process.stdout.write(`${label}: ${tasks} pages and attachments in ${seconds.toFixed(1)} s = ${(tasks / seconds).toFixed(0)}/s (flagged ${(summary.stats.hold ?? 0) + (summary.stats.block ?? 0)}, unscanned ${summary.stats.unscanned ?? 0})\n`);
  return { seconds, tasks };
}

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage();
};

const text = await site(pages, false);
const baseText = await fetchAll(text.urls);
process.stdout.write(`baseline (fetch only, ${concurrency} at a time): ${text.urls.length} URLs in ${baseText.toFixed(1)} s = ${(text.urls.length / baseText).toFixed(0)}/s\n`);
const samples: Array<[number, NodeJS.MemoryUsage]> = [];
const textRun = await crawlOnce(text.url, `crawl, text pages`, (done) => (done === 1000 || done % 5000 === 0) && samples.push([done, heap()]));
await text.close();
samples.push([textRun.tasks, heap()]);
process.stdout.write(`  crawl / baseline rate: ${(textRun.tasks / textRun.seconds / (text.urls.length / baseText)).toFixed(2)}\n`);
for (const [done, m] of samples) process.stdout.write(`  after ${done} tasks: heap ${mb(m.heapUsed)}, rss ${mb(m.rss)}\n`);
if (samples.length > 1) process.stdout.write(`  heap at the end / after 1,000: ${(samples.at(-1)![1].heapUsed / samples[0]![1].heapUsed).toFixed(2)}${gc ? '' : ' (run with --expose-gc for exact figures)'}\n`);

const withPdf = await site(pdfPages, true);
const basePdf = await fetchAll(withPdf.urls);
process.stdout.write(`baseline, pages with a PDF each: ${withPdf.urls.length} URLs in ${basePdf.toFixed(1)} s = ${(withPdf.urls.length / basePdf).toFixed(0)}/s\n`);
const pdfRun = await crawlOnce(withPdf.url, `crawl, pages with a PDF each`);
await withPdf.close();
process.stdout.write(`  crawl / baseline rate: ${(pdfRun.tasks / pdfRun.seconds / (withPdf.urls.length / basePdf)).toFixed(2)}\n`);
