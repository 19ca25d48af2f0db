import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { maxLinksPerPage, pageCharset, readPage } from '../../src/crawl/links.js';
import { CrawlScope } from '../../src/crawl/scope.js';
import { readSitemap } from '../../src/crawl/sitemap.js';
import { readListing } from '../../src/crawl/wordpress.js';
import { parseEvery, scheduledJob, type ScheduleSettings } from '../../src/crawl/schedule.js';
import { loadPolicy } from '../../src/policy/load.js';

describe('what a crawl reads from a page', () => {
  it('finds links in anchors, frames, embeds, pictures, <noscript> and a refresh with or without url=', () => {
    const html = `<html><head><meta http-equiv="Refresh" content="0; /next.html"></head><body>
<a href="/a.html#top">a</a><a href="mailto:x@y">m</a><a href="javascript:void(0)">j</a><iframe src="/frame.html"></iframe>
<embed src="/files/x.pdf"><img src="/img/p.jpg"><img data-src="/img/lazy.png"><noscript><a href="/no-script.html">n</a></noscript></body></html>`;
    const page = readPage(Buffer.from(html), 'text/html; charset=utf-8', 'http://site/dir/index.html');
    assert.deepEqual(page.links.map((l) => [new URL(l.url).pathname, l.kind]).sort(), [
      ['/a.html', 'page'],
      ['/files/x.pdf', 'attachment'],
      ['/frame.html', 'page'],
      ['/img/lazy.png', 'attachment'],
      ['/img/p.jpg', 'attachment'],
      ['/next.html', 'page'],
      ['/no-script.html', 'page'],
    ]);
  });

  it('keeps at most a page\'s worth of links, and says how many it left out', () => {
    const html = Array.from({ length: maxLinksPerPage + 700 }, (_, i) => `<a href="/p${i}.html">${i}</a>`).join('');
    const page = readPage(Buffer.from(html), '', 'http://site/');
    assert.equal(page.links.length, maxLinksPerPage);
    assert.equal(page.dropped, 700);
  });

  it('reads a page in the charset a browser would: BOM, header, <meta>, and a UTF-16 <meta> as UTF-8', () => {
    const gbk = Buffer.from([0x3c, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3e, 0xc4, 0xe3, 0xba, 0xc3, 0x3c, 0x2f, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3e]); // <title>你好</title> in GBK
    assert.equal(readPage(gbk, 'text/html; charset=gbk', 'http://site/').title, '你好');
    assert.equal(pageCharset(Buffer.from('<meta charset="utf-16"><a href="/x">'), ''), 'utf-8');
    assert.deepEqual(readPage(Buffer.from('<meta charset="utf-16"><a href="/secret.html">x</a>'), '', 'http://site/').links.map((l) => l.url), ['http://site/secret.html']);
    assert.equal(pageCharset(Buffer.from([0xef, 0xbb, 0xbf, 0x3c]), 'text/html; charset=gbk'), 'utf-8', 'a byte order mark wins');
  });
});

describe('the crawl\'s scope', () => {
  it('keys one document once: no fragment, no credentials, no empty query, unreserved escapes decoded', () => {
    const key = (href: string) => CrawlScope.resolve(href, 'http://site/dir/')?.href;
    for (const spelling of ['/a.html', '/a.html?', '/%61.html', '/a%2Ehtml', 'http://user:pw@site/a.html', 'HTTP://SITE:80/a.html#x', '/dir/../a.html']) assert.equal(key(spelling), 'http://site/a.html', spelling);
    assert.equal(key('/a%20b.html?q=%7e'), 'http://site/a%20b.html?q=~');
    assert.equal(key('mailto:x@y'), undefined);
  });

  it('is the site\'s origins, http and https alike on default ports, and nothing else', () => {
    const scope = new CrawlScope({ origins: ['http://site'], include: [], exclude: ['/search*'], maxDepth: 2 });
    assert.equal(scope.refuses(new URL('https://site/a.html'), 'page', 1), undefined);
    for (const [url, reason] of [['http://site:8080/a.html', 'off-site'], ['http://other/a.html', 'off-site'], ['http://site/search?q=1', 'excluded'], ['http://site/app.js', 'not-a-document']] as const) {
      assert.equal(scope.refuses(new URL(url), 'page', 1), reason, url);
    }
    assert.equal(scope.refuses(new URL('http://site/a.html'), 'page', 3), 'too-deep');
    assert.equal(scope.refuses(new URL('http://site/a.pdf'), 'attachment', 3), undefined, 'an attachment may be one link further');
  });
});

describe('sitemaps and WordPress listings', () => {
  it('reads a sitemap index or urlset, gzipped, with entities, CDATA and prefixes, at most 50,000 entries', () => {
    assert.deepEqual(readSitemap(Buffer.from('<?xml version="1.0"?><!-- x --><sitemapindex><sitemap><loc> http://h/s1.xml </loc></sitemap></sitemapindex>')), { sitemaps: ['http://h/s1.xml'], pages: [], dropped: 0 });
    const set = readSitemap(gzipSync(Buffer.from('<urlset><url><loc>http://h/a?x=1&amp;y=2</loc></url><url><s:loc><![CDATA[http://h/b]]></s:loc></url></urlset>')));
    assert.deepEqual(set.pages, ['http://h/a?x=1&y=2', 'http://h/b']);
    assert.deepEqual(readSitemap(Buffer.from('http://h/a\nhttp://h/b\nnot a url')).pages, ['http://h/a', 'http://h/b']);
    const big = readSitemap(Buffer.from(`<urlset>${Array.from({ length: 50_010 }, (_, i) => `<url><loc>http://h/${i}</loc></url>`).join('')}</urlset>`));
    assert.deepEqual([big.pages.length, big.dropped], [50_000, 10]);
  });

  it('believes a listing\'s page count no further than its item count, and reads titles as text', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ id: i, link: `http://h/?p=${i}`, title: { rendered: '通知 &#8211; <em>特急</em> &amp; 其他' }, content: { rendered: '<p>x</p>' } }));
    const listing = readListing('http://h/?rest_route=/wp/v2/posts&per_page=100&page=1', Buffer.from(JSON.stringify(items)), { totalPages: '99999999', total: '250' });
    assert.deepEqual(listing.more.map((u) => new URL(u).searchParams.get('page')), ['2', '3']);
    assert.equal(listing.items[0]!.title, '通知 – 特急 & 其他');
    assert.throws(() => readListing('http://h/?page=1', Buffer.from('{"code":"x"}'), { totalPages: null, total: null }), /not a REST listing/);
  });
});

describe('scheduled crawls', () => {
  const policy = loadPolicy('policies/default.yaml');
  const settings: ScheduleSettings = { everyMs: parseEvery('1d'), source: undefined, auth: 'officer:pw', rate: 2, concurrency: 1, maxPages: 500, maxBytes: 1024, sites: ['https://www.example.gov.cn'] };

  it('reads intervals as operators write them, at least a minute', () => {
    assert.deepEqual(['30m', '6h', '1d', '1.5h'].map(parseEvery), [1_800_000, 21_600_000, 86_400_000, 5_400_000]);
    for (const bad of ['30s', '0.5m', 'daily', '']) assert.throws(() => parseEvery(bad), /not a crawl interval/);
  });

  it('crawls a WordPress portal through its API on its CMS, any other from its home page, or what the operator names; with the portal\'s hosts as its site', () => {
    const wordpress = scheduledJob({ upstream: 'http://cms:8081', policy, hosts: ['www.county.gov.cn'] }, settings);
    assert.deepEqual([wordpress.wordpress, wordpress.start, wordpress.auth, wordpress.maxPages, wordpress.sites], ['http://cms:8081', undefined, 'officer:pw', 500, ['https://www.example.gov.cn', 'http://www.county.gov.cn']]);
    const generic = scheduledJob({ upstream: 'http://cms:8081/portal', policy: { ...policy, profile: 'generic-form' }, hosts: [] }, settings);
    assert.deepEqual([generic.start, generic.wordpress, generic.auth], ['http://cms:8081/', undefined, undefined], 'credentials only ever go to WordPress');
    assert.equal(scheduledJob({ upstream: 'http://cms:8081/portal/', policy, hosts: [] }, { ...settings, source: 'sitemap sitemap.xml' }).sitemap, 'http://cms:8081/portal/sitemap.xml');
    assert.throws(() => scheduledJob({ upstream: 'http://cms', policy, hosts: [] }, { ...settings, source: 'ftp /' }), /wordpress, sitemap URL or start URL/);
  });
});
