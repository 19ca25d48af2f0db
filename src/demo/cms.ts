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

/**
 * A stand-in for a WordPress site, for `baomi demo` only: it accepts REST and
 * classic-form posts and lists what was published, so a first look shows
 * what reaches the CMS and what does not.
 */
export async function startDemoCms(port: number, host = '127.0.0.1'): Promise<{ url: string; posts: Post[]; close(): Promise<void> }> {
  const posts: Post[] = [];
  const publish = (title: string, content: string): Post => {
    const post = { id: posts.length + 1, title, content, date: new Date().toISOString() };
    posts.push(post);
    return post;
  };
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
    if (req.method === 'GET' && route === '/wp/v2/posts') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(posts));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      const items = posts.map((p) => `<article><h2>${escapeHtml(p.title)}</h2><div>${escapeHtml(p.content.replace(/<[^>]*>/g, ''))}</div></article>`).join('');
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
  return {
    url: `http://${host}:${a.port}`,
    posts,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
