/**
 * What the benchmarks share: child processes (the stand-in CMS, gateways) that
 * announce their port on stdout, load runs with autocannon, a typical article.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

export const seconds = Number(process.env.BENCH_SECONDS ?? 10);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Every child started, for the caller to stop at the end. */
export const children: ChildProcess[] = [];

export function waitForLine(proc: ChildProcess, test: (line: string) => string | undefined): Promise<string> {
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

export async function startScript(script: string, ...args: string[]): Promise<number> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  return Number(await waitForLine(proc, (l) => /^listening (\d+)/.exec(l)?.[1]));
}

export async function startGateway(upstreamPort: number, dataDir: string, policy?: string, env: NodeJS.ProcessEnv = {}): Promise<{ publicUrl: string; adminUrl: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: {
      ...process.env,
      BAOMI_UPSTREAM: `http://127.0.0.1:${upstreamPort}`,
      BAOMI_PORT: '0',
      BAOMI_ADMIN_PORT: '0',
      BAOMI_HOST: '127.0.0.1',
      BAOMI_DATA_DIR: dataDir,
      BAOMI_LOG_LEVEL: 'info',
      ...(policy ? { BAOMI_POLICY: policy } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  // Logs at info, as in production: one JSON line per inspected request.
  const urls = JSON.parse(await waitForLine(proc, (l) => (l.includes('gateway listening') ? l : undefined))) as { publicUrl: string; adminUrl: string };
  return { proc, publicUrl: urls.publicUrl, adminUrl: urls.adminUrl };
}

export interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function load(url: string, opts: Partial<autocannon.Options> = {}): Promise<Run> {
  const r = await autocannon({ url, connections, duration: seconds, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

export function article(bytes: number): string {
  const para = '<p>各乡镇人民政府，县政府各部门：为进一步丰富群众文化生活，增强人民体质，县政府决定于十月开展全民健身月活动。请各单位高度重视，认真组织，确保活动取得实效。</p>\n';
  let html = '<h1>关于开展全民健身月活动的通知</h1>\n';
  while (Buffer.byteLength(html) < bytes) html += para;
  return JSON.stringify({ title: '关于开展全民健身月活动的通知', content: html, status: 'publish' });
}
