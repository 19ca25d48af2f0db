import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PublishedRecord } from '../../src/store/store.js';
import { crawlBench, job, type CrawlBench } from './harness.js';
import { buildSite, serveSite, type ServedSite, type SiteSpec } from './site.js';

const pathOf = (url: string) => new URL(url).pathname;

/** The documents of the site the crawl flagged, by page and by URL. */
function flagged(items: PublishedRecord[]) {
  return { pages: new Set(items.map((i) => pathOf(i.pageUrl))), urls: new Set(items.map((i) => pathOf(i.url))) };
}

describe('baomi crawl over a generated portal', () => {
  let spec: SiteSpec;
  let site: ServedSite;
  before(async () => {
    spec = await buildSite({ fillers: 200, ocr: false });
    site = await serveSite(spec);
  });
  after(() => site.close());

  describe('a first crawl from the home page', () => {
    let bench: CrawlBench;
    let items: PublishedRecord[];
    let stats: Record<string, number>;
    before(async () => {
      bench = await crawlBench();
      const summary = await bench.crawl(job({ start: `${site.url}/index.html` }));
      stats = summary.stats;
      assert.equal(summary.run.state, 'finished');
      items = await bench.storage.store.published.list({ limit: 10_000, offset: 0 });
    });
    after(() => bench.close());

    it('finds every marked page and attachment of the held-out corpus and flags no clean page', () => {
      const seen = flagged(items);
      const positives = spec.expected.filter((e) => e.expect !== 'allow');
      assert.ok(positives.length >= 50, `${positives.length} marked documents on the site`);
      const missed = positives.filter((e) => !seen.urls.has(e.path) && !seen.pages.has(e.page)).map((e) => e.sample);
      assert.deepEqual(missed, []);
      const clean = [...spec.expected.filter((e) => e.expect === 'allow').map((e) => e.path), ...spec.fillers];
      assert.ok(clean.length >= 250);
      assert.deepEqual(clean.filter((p) => seen.urls.has(p)), []);
    });

    it('records an attachment with the page that links it, and the evidence', () => {
      const attachment = items.find((i) => pathOf(i.url).startsWith('/files/') && i.verdict === 'block')!;
      assert.match(pathOf(attachment.pageUrl), /^\/notice\/\d+\.html$/);
      assert.ok(attachment.findings.length > 0 && attachment.findings.every((f) => f.rule && f.evidence !== undefined));
      assert.equal(attachment.state, 'open');
    });

    it('records broken links, a redirect loop, an off-site redirect, an oversized file, an encrypted document and a page that never answers, and goes on', async () => {
      const run = (await bench.storage.store.crawls.runs(1))[0]!;
      const settled = await bench.storage.store.crawls.settled(run.id, 100_000);
      const byPath = new Map(settled.map((t) => [pathOf(t.url), t]));
      assert.match(byPath.get('/broken/missing.html')!.detail!, /^http-404/);
      assert.equal(byPath.get('/loop/a')!.outcome, 'skipped');
      assert.match(byPath.get('/loop/b')!.detail!, /already in this crawl/);
      assert.match(byPath.get('/away')!.detail!, /^redirect-off-site: 302 to http:\/\/elsewhere\.invalid/);
      assert.match(byPath.get('/files/huge.pdf')!.detail!, /^too-large/);
      assert.match(byPath.get('/files/encrypted.ofd')!.detail!, /^encrypted/);
      assert.match(byPath.get('/slow.html')!.detail!, /^timeout/);
      assert.equal(settled.filter((t) => pathOf(t.url) === '/elsewhere').length, 0);
      // The encrypted document is also an item to review: nobody could read it.
      assert.ok(items.some((i) => pathOf(i.url) === '/files/encrypted.ofd' && i.verdict === 'hold'));
      assert.equal(stats.queued, 0);
      assert.ok(stats.page! >= 300, `pages ${stats.page}`);
    });

    it('crawls again incrementally: unchanged pages are not scanned, changed ones are, and an item taken down but still online opens again', async () => {
      const marked = items.find((i) => i.verdict === 'block' && pathOf(i.url).startsWith('/art/'))!;
      await bench.published.decide(marked.id, 'taken-down', { name: 'qian', role: 'officer' });
      const changed = spec.fillers[1]!;
      const before = spec.resources.get(changed)!;
      spec.resources.set(changed, { ...before, body: Buffer.from(before.body.toString('utf8').replace('</body>', '<p>更新于今日。</p></body>')) });
      const requestsBefore = site.requests.length;
      bench.scanned.length = 0;
      try {
        const summary = await bench.crawl(job({ start: `${site.url}/index.html` }));
        assert.equal(summary.resumed, false);
        assert.deepEqual(bench.scanned, ['2.html'], 'only the changed page is scanned');
        assert.ok(summary.stats.unchanged! > 250);
        const statuses = site.requests.slice(requestsBefore).map((r) => r.split(' ').pop());
        assert.ok(statuses.filter((s) => s === '304').length > 150, 'validators answered 304');
        const again = (await bench.published.get(marked.id))!;
        assert.equal(again.state, 'open');
        assert.deepEqual(again.history.map((e) => e.action), ['found', 'taken-down', 'still-online']);
        assert.equal((await bench.storage.store.published.list({ limit: 10_000, offset: 0 })).length, items.length, 'nothing new');
        // Taken down for real: the next crawl finds the page gone and says so on the item.
        const removed = spec.resources.get(pathOf(marked.url))!;
        spec.resources.delete(pathOf(marked.url));
        try {
          await bench.crawl(job({ start: `${site.url}/index.html` }));
          const gone = (await bench.published.get(marked.id))!;
          assert.deepEqual(gone.history.map((e) => e.action), ['found', 'taken-down', 'still-online', 'gone-from-site']);
          assert.match(gone.history.at(-1)!.detail!, /^run \d+: http-404$/);
        } finally {
          spec.resources.set(pathOf(marked.url), removed);
        }
      } finally {
        spec.resources.set(changed, before);
      }
    });
  });

  it('resumes an interrupted crawl where it stopped, fetching and scanning nothing twice', async () => {
    const bench = await crawlBench({ registry: false });
    const requestsBefore = site.requests.length;
    try {
      const stop = new AbortController();
      let settled = 0;
      const first = await bench.crawl(job({ start: `${site.url}/index.html` }), { signal: stop.signal, events: { settled: () => ++settled === 120 && stop.abort() } });
      assert.equal(first.run.state, 'stopped');
      const scannedFirst = bench.scanned.length;
      assert.ok(scannedFirst >= 30 && scannedFirst < 250, `${scannedFirst} scanned before the stop`);
      const second = await bench.crawl(job({ start: `${site.url}/index.html` }));
      assert.equal(second.resumed, true);
      assert.equal(second.run.id, first.run.id);
      assert.equal(second.run.state, 'finished');
      const fetched = site.requests.slice(requestsBefore).map((r) => r.split(' ').slice(0, 2).join(' '));
      const twice = fetched.filter((r, i) => fetched.indexOf(r) !== i);
      assert.deepEqual(twice, [], 'no URL fetched twice');
      const read = site.requests.slice(requestsBefore).filter((r) => r.endsWith(' 200') && !r.includes('/files/huge.pdf'));
      assert.equal(bench.scanned.length, read.length, 'everything read was scanned once');
      assert.ok(bench.scanned.length > scannedFirst + 100);
      const tally = await bench.storage.store.crawls.tally(second.run.id);
      assert.equal(tally.done, fetched.length, 'every task fetched its URL once');
    } finally {
      await bench.close();
    }
  });

  it('crawls from the sitemap (an index naming a urlset) with the same results', async () => {
    const bench = await crawlBench();
    try {
      const summary = await bench.crawl(job({ sitemap: `${site.url}/sitemap.xml`, maxDepth: 0 }));
      assert.equal(summary.stats.sitemap, 2);
      const seen = flagged(await bench.storage.store.published.list({ limit: 10_000, offset: 0 }));
      const pagesMarked = spec.expected.filter((e) => e.expect !== 'allow' && e.path === e.page);
      assert.deepEqual(pagesMarked.filter((e) => !seen.pages.has(e.page)).map((e) => e.sample), []);
      // Depth 0: the sitemap's pages only, with their attachments one link further.
      const attachmentsMarked = spec.expected.filter((e) => e.expect !== 'allow' && e.path !== e.page);
      assert.deepEqual(attachmentsMarked.filter((e) => !seen.urls.has(e.path)).map((e) => e.sample), []);
      assert.deepEqual(spec.fillers.filter((p) => seen.pages.has(p)), []);
    } finally {
      await bench.close();
    }
  });
});
