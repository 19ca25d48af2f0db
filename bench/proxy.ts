/**
 * Pass-through and inspection speed, measured in one run against one upstream:
 * direct, through nginx (keep-alive upstream block) and through the gateway,
 * then the latency of an inspected 20 KB HTML publish, then pass-through
 * latency while a 5 MB PDF is being scanned over and over. The gateway phases
 * run twice: with scans in worker threads (the default) and on the gateway's
 * own thread (`scan.workers: 0`, how it scanned before the worker pool).
 *
 *   npm run bench:proxy            (needs Debian's nginx: apt-get install nginx-light)
 *   BENCH_SECONDS=5 npm run bench:proxy
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { makePdf } from '../test/fixtures/make.js';
import { article, children, connections, load, seconds, startGateway, startScript, type Run } from './processes.js';


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

/** A policy folder like the shipped one, with scans on the gateway's own thread. */
function inlinePolicy(dir: string): string {
  cpSync('policies', dir, { recursive: true });
  const file = join(dir, 'default.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^scan:\n/m, 'scan:\n  workers: 0\n'));
  return file;
}

/** A text PDF of about 5 MB: 120 pages of CJK text and a large incompressible image under the text of the last page (no OCR). */
async function bigPdf(): Promise<Buffer> {
  const para = '各乡镇人民政府，县政府各部门：为进一步丰富群众文化生活，增强人民体质，县政府决定开展全民健身月活动。';
  const pages = Array.from({ length: 120 }, (_, p) => Array.from({ length: 30 }, (_, l) => ({ text: `${p + 1}-${l + 1} ${para}`, x: 40, y: 40 + l * 25, size: 11 })));
  let seed = 7;
  const noise = Buffer.alloc(1340 * 1300 * 3, 0).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 0xff);
  const image = await sharp(noise, { raw: { width: 1340, height: 1300, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
  return makePdf(pages, { images: [...Array(119).fill(undefined), image] });
}

/** Pass-through latency while one client keeps posting the big PDF for inspection. */
async function loadDuringScans(base: string, pdf: Buffer): Promise<{ run: Run; scans: number; scanMs: number }> {
  let stop = false;
  let scans = 0;
  let scanMs = 0;
  const poster = (async () => {
    while (!stop) {
      const t = performance.now();
      const r = await fetch(`${base}/wp-json/wp/v2/media`, { method: 'POST', headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename=big.pdf' }, body: pdf });
      await r.arrayBuffer();
      scans++;
      scanMs += performance.now() - t;
    }
  })();
  await new Promise((r) => setTimeout(r, 500));
  const run = await load(`${base}/news/1.html`, { connections: 10 });
  stop = true;
  await poster;
  return { run, scans, scanMs: scans ? scanMs / scans : 0 };
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
    const pdf = await bigPdf();
    const inspections = async (base: string) => {
      await load(`${base}/wp-json/wp/v2/posts`, { ...post, connections: 1, duration: 2 });
      return {
        one: await load(`${base}/wp-json/wp/v2/posts`, { ...post, connections: 1 }),
        eight: await load(`${base}/wp-json/wp/v2/posts`, { ...post, connections: 8 }),
        quiet: await load(`${base}/news/1.html`, { connections: 10 }),
        busy: await loadDuringScans(base, pdf),
      };
    };
    const workers = await inspections(gw.publicUrl);
    gw.proc.kill('SIGTERM');
    const inline = await startGateway(upstreamPort, join(dir, 'data-inline'), inlinePolicy(join(dir, 'policies-inline')));
    await load(`${inline.publicUrl}/`, warm);
    const onThread = await inspections(inline.publicUrl);
    const inspected = workers.one;
    const inspectedLoaded = workers.eight;

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
    console.log(`\nscans in worker threads against scans on the gateway's own thread (scan.workers: 0), ${(pdf.length / 1048576).toFixed(1)} MB PDF:`);
    for (const [name, r] of [['worker threads', workers], ['own thread', onThread]] as const) {
      console.log(fmt(`  ${name}: inspected 20 KB, 1 conn`, r.one));
      console.log(fmt(`  ${name}: inspected 20 KB, 8 conns`, r.eight));
      console.log(fmt(`  ${name}: pass-through, 10 conns`, r.quiet));
      console.log(fmt(`  ${name}: same, PDF being scanned`, r.busy.run) + `   (${r.busy.scans} PDF scans, ${r.busy.scanMs.toFixed(0)} ms each)`);
    }
    console.log(`pass-through p99 while a ${(pdf.length / 1048576).toFixed(1)} MB PDF is scanned: ${workers.busy.run.p99} ms with workers, ${onThread.busy.run.p99} ms on the gateway's thread`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
