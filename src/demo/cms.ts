import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml, page } from '../gateway/html-page.js';

interface Post {
  id: number;
  title: string;
  content: string;
  date: string;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What was on the portal before the gateway was installed: what `baomi crawl` is for. */
const publishedBefore: Array<[string, string]> = [
  ['县政府召开第27次常务会议', '<p>会议研究部署了防汛抗旱、安全生产和项目建设等工作。</p>'],
  ['关于做好2024年森林防火工作的通知', '<p>内部资料　注意保存</p><p>各乡镇人民政府：为切实做好今冬明春森林防火工作，现将有关事项通知如下。</p>'],
  ['我县启动城乡居民医保集中参保缴费工作', '<p>参保群众可通过税务App、微信或支付宝缴费。</p>'],
];

/** A post as WordPress's REST API shows it. */
function restPost(p: Post, base: string) {
  return { id: p.id, date: p.date, modified_gmt: p.date, status: 'publish', type: 'post', link: `${base}/?p=${p.id}`, title: { rendered: escapeHtml(p.title) }, content: { rendered: p.content }, excerpt: { rendered: '' } };
}

/**
 * A stand-in for a WordPress site, for `baomi demo` only: it accepts REST and
 * classic-form posts, lists what was published (on its home page, each post's
 * page and the REST API, paged as WordPress pages it), and comes with a few
 * articles published before the gateway, so a first look shows what reaches
 * the CMS, what does not, and what `baomi crawl` finds already online.
 */
export async function startDemoCms(port: number, host = '127.0.0.1'): Promise<{ url: string; posts: Post[]; close(): Promise<void> }> {
  const posts: Post[] = [];
  const publish = (title: string, content: string, date = new Date()): Post => {
    const post = { id: posts.length + 1, title, content, date: date.toISOString().slice(0, 19) };
    posts.push(post);
    return post;
  };
  publishedBefore.forEach(([title, content], i) => publish(title, content, new Date(Date.UTC(2024, 2, 1 + i * 7, 9))));
  let base = '';
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const route = url.searchParams.get('rest_route') ?? url.pathname.replace(/^\/wp-json/, '');
    if (req.method === 'POST' && /^\/wp\/v2\/(posts|pages)\/?$/.test(route)) {
      const body = (await readBody(req)).toString('utf8');
      let data: Record<string, unknown> = {};
      try {
        data = req.headers['content-type']?.includes('json') ? JSON.parse(body) : Object.fromEntries(new URLSearchParams(body));
      } catch {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'rest_invalid_json', message: 'Invalid JSON body passed.', data: { status: 400 } }));
        return;
      }
      const post = publish(String(data.title ?? ''), String(data.content ?? ''));
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: post.id, status: 'publish', link: `/?p=${post.id}` }));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/wp-admin/post.php') {
      const form = new URLSearchParams((await readBody(req)).toString('utf8'));
      const post = publish(form.get('post_title') ?? '', form.get('content') ?? '');
      res.writeHead(302, { Location: `/?p=${post.id}` }).end();
      return;
    }
    const listing = /^\/wp\/v2\/(posts|pages|media)\/?$/.exec(route);
    if (req.method === 'GET' && listing) {
      // Published posts only (nothing else exists here); pages and media are empty, as on a new site.
      const all = listing[1] === 'posts' && (url.searchParams.get('status') ?? 'publish').split(',').includes('publish') ? [...posts].reverse() : [];
      const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page')) || 10, 1), 100);
      const page = Math.max(Number(url.searchParams.get('page')) || 1, 1);
      const totalPages = Math.max(1, Math.ceil(all.length / perPage));
      if (page > totalPages) {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'rest_post_invalid_page_number', message: 'The page number requested is larger than the number of pages available.', data: { status: 400 } }));
        return;
      }
      const items = all.slice((page - 1) * perPage, page * perPage).map((p) => restPost(p, base));
      res.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8', 'X-WP-Total': String(all.length), 'X-WP-TotalPages': String(totalPages) }).end(JSON.stringify(items));
      return;
    }
    const single = url.pathname === '/' && url.searchParams.has('p') ? posts.find((p) => String(p.id) === url.searchParams.get('p')) : undefined;
    if (req.method === 'GET' && single) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(single.title, `<main class="ok"><h1>${escapeHtml(single.title)}</h1>${single.content}</main>`));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/' && !url.search) {
      const items = posts.map((p) => `<article><h2><a href="/?p=${p.id}">${escapeHtml(p.title)}</a></h2><div>${escapeHtml(p.content.replace(/<[^>]*>/g, ''))}</div></article>`).join('');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page('演示门户 Demo portal', `<main class="ok"><h1>清河县人民政府门户网站（演示）</h1>${items || '<p>尚无文章 / No posts yet</p>'}</main>`));
      return;
    }
    if (req.method !== 'GET') await readBody(req);
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const a = server.address() as AddressInfo;
  base = `http://${host}:${a.port}`;
  return {
    url: base,
    posts,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
