/**
 * Pass-through and inspection speed, measured in one run against one upstream:
 * direct, through nginx (keep-alive upstream block) and through the gateway,
 * then the latency of an inspected 20 KB HTML publish.
 *
 *   npm run bench:proxy            (needs Debian's nginx: apt-get install nginx-light)
 *   BENCH_SECONDS=5 npm run bench:proxy
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const children: ChildProcess[] = [];

function waitForLine(proc: ChildProcess, test: (line: string) => string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('child did not start')), 30_000);
    proc.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const got = test(line);
      if (got) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
}

async function startScript(script: string, ...args: string[]): Promise<number> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  return Number(await waitForLine(proc, (l) => /^listening (\d+)/.exec(l)?.[1]));
}

async function startNginx(upstreamPort: number, port: number, dir: string): Promise<void> {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
error_log ${dir}/logs/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream cms { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://cms;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`,
  );
  const proc = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(proc);
  await new Promise((r) => setTimeout(r, 500));
}

async function startGateway(upstreamPort: number, dataDir: string): Promise<{ publicUrl: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: { ...process.env, BAOMI_UPSTREAM: `http://127.0.0.1:${upstreamPort}`, BAOMI_PORT: '0', BAOMI_ADMIN_PORT: '0', BAOMI_HOST: '127.0.0.1', BAOMI_DATA_DIR: dataDir, BAOMI_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  // Logs at info, as in production: one JSON line per inspected request.
  return { publicUrl: await waitForLine(proc, (l) => (l.includes('gateway listening') ? (JSON.parse(l) as { publicUrl: string }).publicUrl : undefined)) };
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, opts: Partial<autocannon.Options> = {}): Promise<Run> {
  const r = await autocannon({ url, connections, duration: seconds, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

function article(bytes: number): string {
  const para = '<p>各乡镇人民政府，县政府各部门：为进一步丰富群众文化生活，增强人民体质，县政府决定于十月开展全民健身月活动。请各单位高度重视，认真组织，确保活动取得实效。</p>\n';
  let html = '<h1>关于开展全民健身月活动的通知</h1>\n';
  while (Buffer.byteLength(html) < bytes) html += para;
  return JSON.stringify({ title: '关于开展全民健身月活动的通知', content: html, status: 'publish' });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-bench-'));
  try {
    const upstreamPort = await startScript('bench/upstream-server.ts');
    const barePort = await startScript('bench/bare-pipe.ts', String(upstreamPort));
    const nginxPort = 18000 + Math.floor(Math.random() * 1000);
    await startNginx(upstreamPort, nginxPort, join(dir, 'nginx'));
    const gw = await startGateway(upstreamPort, join(dir, 'data'));
    const warm = { duration: 2 };
    await load(`http://127.0.0.1:${upstreamPort}/`, warm);
    const direct = await load(`http://127.0.0.1:${upstreamPort}/news/1.html`);
    await load(`http://127.0.0.1:${nginxPort}/`, warm);
    const nginx = await load(`http://127.0.0.1:${nginxPort}/news/1.html`);
    await load(`http://127.0.0.1:${barePort}/`, warm);
    const bare = await load(`http://127.0.0.1:${barePort}/news/1.html`);
    await load(`${gw.publicUrl}/`, warm);
    const gateway = await load(`${gw.publicUrl}/news/1.html`);

    const body = article(20 * 1024);
    const post = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body };
    await load(`${gw.publicUrl}/wp-json/wp/v2/posts`, { ...post, connections: 1, duration: 2 });
    const inspected = await load(`${gw.publicUrl}/wp-json/wp/v2/posts`, { ...post, connections: 1 });
    const inspectedLoaded = await load(`${gw.publicUrl}/wp-json/wp/v2/posts`, { ...post, connections: 8 });

    const fmt = (name: string, r: Run) => `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} rps   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}`;
    console.log(`\nbench/proxy.ts — ${seconds}s per run, ${connections} connections, GET of a 1 KB page`);
    console.log(fmt('direct to upstream', direct));
    console.log(fmt('through nginx (keep-alive)', nginx));
    console.log(fmt('through a bare node pipe (baseline)', bare));
    console.log(fmt('through baomi-gateway (pass)', gateway));
    console.log(fmt('inspected 20 KB publish, 1 conn', inspected));
    console.log(fmt('inspected 20 KB publish, 8 conns', inspectedLoaded));
    console.log(`\nratios: nginx/direct ${(nginx.rps / direct.rps).toFixed(2)}   bare-pipe/nginx ${(bare.rps / nginx.rps).toFixed(2)}   gateway/bare-pipe ${(gateway.rps / bare.rps).toFixed(2)}`);
    console.log(`        gateway/nginx ${(gateway.rps / nginx.rps).toFixed(2)} (target ≥ 0.80)   p99 gateway−nginx ${gateway.p99 - nginx.p99} ms (target ≤ 2)`);
    console.log(`inspected 20 KB HTML p50 ${inspected.p50} ms (target ≤ 5)`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
