/**
 * A generated portal to crawl: the evaluation corpus's held-out pages and
 * attachments (never tuned on) published among ordinary news pages, with
 * list pages, a sitemap, broken links, a redirect loop, a redirect off the
 * site, an oversized file, an encrypted document and a page that never
 * answers. Seeded: every build is the same site.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCorpus } from '../eval/corpus.js';
import { newsItems } from '../eval/ordinary.js';
import { rand } from '../eval/random.js';
import { renderVariant } from '../eval/render.js';
import { split } from '../eval/split.js';
import type { Expect } from '../eval/types.js';
import { makeOfd } from '../fixtures/make.js';

export interface Resource {
  body: Buffer;
  type: string;
  /** Served with validators (conditional requests answered 304) unless false. */
  validators?: boolean;
}

/** A document the crawl must judge: found on `page` (itself, or the page linking the attachment). */
export interface Expected {
  sample: string;
  page: string;
  path: string;
  expect: Expect;
}

export interface SiteSpec {
  resources: Map<string, Resource>;
  expected: Expected[];
  /** Ordinary pages (all must pass). */
  fillers: string[];
}

const html = (title: string, body: string) =>
  Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><div class="nav"><a href="/index.html">首页</a> <a href="/list/1.html">政务动态</a></div>${body}<div class="footer">云溪县人民政府办公室主办 <a href="http://www.beian.gov.cn/">备案</a></div></body></html>`);

const extOf = (file: string) => file.slice(file.lastIndexOf('.') + 1).toLowerCase();
const typeOf: Record<string, string> = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ofd: 'application/ofd', png: 'image/png', jpg: 'image/jpeg', html: 'text/html; charset=utf-8', txt: 'text/plain; charset=utf-8' };

/** Builds the site: every held-out page and attachment sample (OCR formats when `ocr`), and `fillers` ordinary news pages. */
export async function buildSite(options: { fillers: number; ocr: boolean }): Promise<SiteSpec> {
  const { heldOut } = split(await buildCorpus());
  const resources = new Map<string, Resource>();
  const expected: Expected[] = [];
  const listed: Array<{ path: string; title: string }> = [];
  let n = 0;
  for (const s of heldOut) {
    if (s.family === 'cms-json' || s.family === 'bare') continue;
    if (!options.ocr && (s.format === 'photo' || s.format === 'scanned-pdf')) continue;
    const [main, ...pictures] = s.parts;
    n++;
    if (s.family === 'attachment') {
      // An attachment under an ordinary notice page that links it.
      const file = main!.file!;
      const path = `/files/${n}.${extOf(file)}`;
      resources.set(path, { body: main!.bytes, type: typeOf[extOf(file)] ?? 'application/octet-stream' });
      const page = `/notice/${n}.html`;
      resources.set(page, { body: html('关于印发有关文件的通知', `<h1>关于印发有关文件的通知</h1><p>各乡镇人民政府、街道办事处，县政府各部门：</p><p>现将有关文件印发给你们，请结合实际认真贯彻落实。</p><p>附件：<a href="${path}">${file}</a></p>`), type: typeOf.html! });
      listed.push({ path: page, title: '关于印发有关文件的通知' });
      expected.push({ sample: s.id, page, path, expect: s.expect });
      continue;
    }
    const page = `/art/${n}.html`;
    const type = main!.declaredType ?? (s.format === 'html-gbk' ? 'text/html; charset=gbk' : typeOf.html!);
    resources.set(page, { body: main!.bytes, type: s.format === 'html-gbk' && !/charset/i.test(type) ? 'text/html; charset=gbk' : type });
    // A picture sent with the page (a 版头 image) is served where the page shows it.
    for (const p of pictures) {
      const src = new RegExp(`src="([^"]*${p.file!.replace(/[.]/g, '\\.')})"`).exec(main!.bytes.toString('latin1'))?.[1];
      if (src) resources.set(src, { body: p.bytes, type: typeOf[extOf(p.file!)] ?? 'application/octet-stream' });
    }
    listed.push({ path: page, title: s.id });
    expected.push({ sample: s.id, page, path: page, expect: s.expect });
  }
  const fillers: string[] = [];
  const r = rand(20261204);
  for (let i = 0; fillers.length < options.fillers; i++) {
    const doc = r.pick(newsItems(rand(9000 + i)));
    const family = r.pick(['trs-wcm', 'dahan-jcms', 'xxgk-detail', 'wordpress-theme'] as const);
    const [part] = await renderVariant(doc, { family, format: 'html' }, 70_000 + i);
    const path = `/news/${i + 1}.html`;
    resources.set(path, { body: part!.bytes, type: part!.declaredType ?? typeOf.html!, validators: i % 3 !== 0 });
    fillers.push(path);
    listed.push({ path, title: doc.title });
  }
  // Trouble, linked from the first list page: every one recorded as unscanned (or skipped), never stopping the crawl.
  const trouble = ['/broken/missing.html', '/loop/a', '/away', '/files/huge.pdf', '/files/encrypted.ofd', '/slow.html'];
  resources.set('/files/encrypted.ofd', { body: makeOfd([{ text: '机密★10年', x: 20, y: 20 }], { encrypted: true }), type: typeOf.ofd! });
  // Ordered by a seeded shuffle so marked pages are spread over the list pages.
  const order = r.shuffle(listed);
  const perList = 20;
  const lists = Math.ceil(order.length / perList);
  for (let l = 1; l <= lists; l++) {
    const items = order.slice((l - 1) * perList, l * perList);
    const links = items.map((it) => `<li><a href="${it.path}">${it.title}</a></li>`).join('');
    const nav = `${l > 1 ? `<a href="/list/${l - 1}.html">上一页</a>` : ''} ${l < lists ? `<a href="/list/${l + 1}.html">下一页</a>` : ''}`;
    const extra = l === 1 ? trouble.map((t) => `<a href="${t}">${t}</a>`).join(' ') : '';
    resources.set(`/list/${l}.html`, { body: html(`政务动态 第${l}页`, `<ul>${links}</ul><p>${nav}</p><p>${extra}</p>`), type: typeOf.html! });
  }
  resources.set('/index.html', { body: html('云溪县人民政府门户网站', '<h1>云溪县人民政府门户网站</h1><a href="/list/1.html">政务动态</a>'), type: typeOf.html! });
  const urls = [...resources.keys()].filter((p) => p.endsWith('.html'));
  resources.set('/sitemap.xml', { body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/sitemap-1.xml</loc></sitemap></sitemapindex>`), type: 'application/xml' });
  resources.set('/sitemap-1.xml', { body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => `<url><loc>${u}</loc></url>`).join('')}</urlset>`), type: 'application/xml' });
  return { resources, expected, fillers };
}

export interface ServedSite {
  url: string;
  /** Every request as `METHOD path status`, in order. */
  requests: string[];
  close(): Promise<void>;
}

const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
const modified = 'Mon, 02 Dec 2024 08:00:00 GMT';

/** Serves the site (resources can be changed while it runs); sitemaps name URLs relative to it. */
export async function serveSite(spec: SiteSpec): Promise<ServedSite> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const answer = (status: number, headers: Record<string, string> = {}, body?: Buffer | string) => {
      requests.push(`${req.method} ${path} ${status}`);
      res.writeHead(status, headers).end(body);
    };
    if (path === '/loop/a') return answer(302, { location: '/loop/b' });
    if (path === '/loop/b') return answer(301, { location: 'http://' + req.headers.host + '/loop/a' });
    if (path === '/away') return answer(302, { location: 'http://elsewhere.invalid/leak.html' });
    if (path === '/slow.html') {
      requests.push(`${req.method} ${path} (never answered)`);
      return; // left hanging: the crawl's time limit ends it
    }
    if (path === '/files/huge.pdf') {
      // Chunked, no length: only reading tells how big it is.
      requests.push(`${req.method} ${path} 200`);
      res.writeHead(200, { 'content-type': 'application/pdf' });
      const chunk = Buffer.alloc(1 << 20, 0x20);
      let sent = 0;
      const more = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent >= 64) res.end();
        else res.once('drain', more);
      };
      res.on('error', () => {});
      more();
      return;
    }
    const found = spec.resources.get(path === '/' ? '/index.html' : path);
    if (!found) return answer(404, { 'content-type': 'text/html; charset=utf-8' }, '<h1>404</h1>');
    if (found.validators !== false) {
      const etag = etagOf(found.body);
      if (req.headers['if-none-match'] === etag) return answer(304, { etag });
      return answer(200, { 'content-type': found.type, etag, 'last-modified': modified }, found.body);
    }
    answer(200, { 'content-type': found.type }, found.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
