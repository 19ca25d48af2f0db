import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildReport } from '../../src/crawl/report.js';
import { crawlBench, job } from './harness.js';

interface Served {
  url: string;
  /** `path authorization-or-dash`, in order. */
  seen: string[];
  close(): Promise<void>;
}

/** A server answering with `handler`, recording every request's path and whether it carried credentials. */
async function serve(handler: (path: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Served> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(`${url.pathname}${url.search} ${req.headers.authorization ?? '-'}`);
    handler(url.pathname, url, req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

const marked = '<p>000036</p><p>秘密★1年</p><p>关于做好防汛工作的通知</p>';
const json = (res: http.ServerResponse, body: unknown, headers: Record<string, string> = {}) => res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
const html = (res: http.ServerResponse, body: string, headers: Record<string, string> = {}) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(`<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`);

describe('a crawl facing a hostile or broken site', () => {
  const closing: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of closing) await c();
  });

  it('WordPress: credentials go to its own address only, what it says of itself widens nothing, and the attachments its posts link are read', async () => {
    const other = await serve((_p, _u, _q, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'));
    closing.push(other.close);
    const wp = await serve((path, url, _req, res) => {
      const route = url.searchParams.get('rest_route');
      if (route === '/') return json(res, { home: other.url, url: other.url });
      if (route === '/wp/v2/users/me') return json(res, { id: 1 });
      if (route === '/wp/v2/posts' && url.searchParams.get('status') === 'publish')
        return json(res, [{ id: 7, link: `${other.url}/latest/meta-data/?p=7`, title: { rendered: '通知' }, content: { rendered: `${marked}<p><a href="${wp.url}/files/plan.txt">附件</a> <a href="${other.url}/x.pdf">外部</a></p>` } }]);
      if (route === '/wp/v2/media') return json(res, [{ id: 9, link: `${wp.url}/?attachment_id=9`, source_url: `${other.url}/meta-data/iam.pdf` }]);
      if (route) return json(res, []);
      if (path === '/files/plan.txt') return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('机密★5年\n关于应急预案的通知');
      res.writeHead(404).end();
    });
    closing.push(wp.close);
    const bench = await crawlBench({ registry: false });
    try {
      await bench.crawl(job({ wordpress: `${wp.url}/`, auth: 'officer:app password' }));
      assert.equal(other.seen.length, 0, 'nothing fetched from the address the site claims');
      const items = await bench.storage.store.published.list({ limit: 10, offset: 0 });
      assert.deepEqual(items.map((i) => i.url).sort(), [`${other.url}/latest/meta-data/?p=7`, `${wp.url}/files/plan.txt`].sort(), 'the post (scanned from the API, never fetched) and its attachment');
      assert.ok(wp.seen.every((s) => s.endsWith(' Basic b2ZmaWNlcjphcHAgcGFzc3dvcmQ=') || s.endsWith(' Basic b2ZmaWNlcjphcHAgcGFzcw==')), 'its own address gets the credentials');
      // The operator names the public address as the same site: media there are read, without the credentials.
      await bench.crawl(job({ wordpress: `${wp.url}/`, auth: 'officer:app pass', sites: [other.url], restart: true, incremental: false }));
      assert.ok(other.seen.length > 0);
      assert.ok(other.seen.every((s) => s.endsWith(' -')), JSON.stringify(other.seen));
      assert.ok(!other.seen.some((s) => s.startsWith('/latest/meta-data/')), 'a post\'s link is never fetched');
    } finally {
      await bench.close();
    }
  });

  it('a site that keeps making new work (a redirect chain, a page of thousands of pictures) ends at the fetch limit, and says what it left unread', async () => {
    const site = await serve((path, url, _req, res) => {
      if (path === '/') return html(res, `<a href="/file.pdf?n=1">f</a>${Array.from({ length: 300 }, (_, i) => `<img src="/i/${i}.png">`).join('')}`);
      if (path === '/file.pdf') return res.writeHead(302, { location: `/file.pdf?n=${Number(url.searchParams.get('n')) + 1}` }).end();
      res.writeHead(404).end();
    });
    closing.push(site.close);
    const bench = await crawlBench({ registry: false });
    try {
      const summary = await bench.crawl(job({ start: `${site.url}/`, maxFetches: 60 }));
      assert.equal(summary.run.state, 'finished');
      assert.ok(site.seen.length <= 60, `${site.seen.length} requests`);
      const report = await buildReport(bench.storage.store, summary.run, false);
      assert.ok(report.truncated.length > 200);
      assert.match(report.truncated[0]!.reason, /^max-fetches/);
    } finally {
      await bench.close();
    }
  });

  it('redirects and links kept from the last crawl go only where the crawl\'s scope allows now; a 304 nobody asked for is not "unchanged"', async () => {
    let answer304 = false;
    const site = await serve((path, _url, _req, res) => {
      if (answer304 && path === '/plain.html') return res.writeHead(304).end();
      if (path === '/') return html(res, '<a href="/go">go</a> <a href="/plain.html">p</a> <a href="/admin/panel.html">a</a>', { etag: '"root"' });
      if (path === '/go') return res.writeHead(302, { location: '/admin/delete-all' }).end();
      if (path === '/plain.html') return html(res, '<p>无验证信息的页面</p>');
      html(res, '<p>admin</p>');
    });
    closing.push(site.close);
    const bench = await crawlBench({ registry: false });
    try {
      await bench.crawl(job({ start: `${site.url}/`, exclude: ['/admin/*'] }));
      assert.ok(!site.seen.some((s) => s.startsWith('/admin/')), 'not through a redirect either');
      site.seen.length = 0;
      answer304 = true;
      // The home page answers 304 now: its links come from what was kept, checked against the new scope.
      const second = await bench.crawl(job({ start: `${site.url}/`, exclude: ['/admin/*', '/go'] }));
      assert.deepEqual(site.seen.map((s) => s.split(' ')[0]).sort(), ['/', '/plain.html']);
      const run = await bench.storage.store.crawls.settled(second.run.id, 10);
      assert.match(run.find((t) => t.url.endsWith('/plain.html'))!.detail!, /^http-304: 304 Not Modified to an unconditional request/);
    } finally {
      await bench.close();
    }
  });

  it('records a part of the site that does not answer as unreachable, and goes on', async () => {
    const gone = await serve(() => {});
    const closedUrl = gone.url;
    await gone.close();
    const site = await serve((path, _url, _req, res) => (path === '/' ? html(res, `<a href="${closedUrl}/a.html">a</a> <a href="/b.html">b</a>`) : html(res, marked)));
    closing.push(site.close);
    const bench = await crawlBench({ registry: false });
    try {
      const summary = await bench.crawl(job({ start: `${site.url}/`, sites: [closedUrl] }));
      const settled = await bench.storage.store.crawls.settled(summary.run.id, 10);
      assert.match(settled.find((t) => t.url === `${closedUrl}/a.html`)!.detail!, /^unreachable: ECONNREFUSED/);
      assert.equal(summary.stats.block, 1, 'the rest of the site was read');
    } finally {
      await bench.close();
    }
  });

  it('a sitemap index still leads to its pages when only some pages are included', async () => {
    const site = await serve((path, _url, _req, res) => {
      if (path === '/sitemap.xml') return res.writeHead(200, { 'content-type': 'application/xml' }).end('<sitemapindex><sitemap><loc>/sitemaps/a.xml</loc></sitemap></sitemapindex>');
      if (path === '/sitemaps/a.xml') return res.writeHead(200, { 'content-type': 'application/xml' }).end('<urlset><url><loc>/art/1.html</loc></url><url><loc>/other/2.html</loc></url></urlset>');
      html(res, path === '/art/1.html' ? marked : '<p>x</p>');
    });
    closing.push(site.close);
    const bench = await crawlBench({ registry: false });
    try {
      const summary = await bench.crawl(job({ sitemap: `${site.url}/sitemap.xml`, include: ['/art/*'] }));
      assert.deepEqual([summary.stats.sitemap, summary.stats.page, summary.stats.block], [2, 1, 1]);
    } finally {
      await bench.close();
    }
  });

  it('reads a page nested twenty thousand levels deep in a scan worker: the crawling process keeps answering', async () => {
    const deep = `${'<div>'.repeat(20_000)}${marked}${'</div>'.repeat(20_000)}`;
    const site = await serve((path, _url, _req, res) => (path === '/' ? html(res, deep) : res.writeHead(404).end()));
    closing.push(site.close);
    const bench = await crawlBench({ registry: false, workers: true });
    const delay = monitorEventLoopDelay({ resolution: 20 });
    try {
      delay.enable();
      const summary = await bench.crawl(job({ start: `${site.url}/` }));
      delay.disable();
      assert.equal(summary.stats.page, 1);
      assert.ok(delay.max / 1e6 < 1000, `the event loop stalled for ${Math.round(delay.max / 1e6)} ms`);
    } finally {
      await bench.close();
    }
  });
});
