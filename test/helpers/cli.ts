import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const cli = ['--import', 'tsx', 'src/cli/main.ts'];

/** Runs `baomi ARGS` to completion (the real CLI, in a child process). */
export function baomi(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...cli, ...args], { env: { ...process.env, ...options.env }, input: options.input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface ServeProcess {
  proc: ChildProcess;
  publicUrl: string;
  adminUrl: string;
}

/** Starts `baomi serve` in a child process and waits for its "gateway listening" log line. */
export function serveProcess(env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [...cli, 'serve'], { env: { ...process.env, BAOMI_PORT: '0', BAOMI_ADMIN_PORT: '0', BAOMI_HOST: '127.0.0.1', BAOMI_ADMIN_HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`baomi serve did not start: ${stderr}`)), 30_000);
    proc.on('exit', (code) => reject(new Error(`baomi serve exited ${code}: ${stderr}`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      try {
        const log = JSON.parse(line) as { msg?: string; publicUrl?: string; adminUrl?: string };
        if (log.msg === 'gateway listening') {
          clearTimeout(timer);
          resolve({ proc, publicUrl: log.publicUrl!, adminUrl: log.adminUrl! });
        }
      } catch {
        /* not a log line */
      }
    });
  });
}

/** Runs `baomi ARGS` to completion without blocking this process (for tests whose servers must keep answering meanwhile). */
export function baomiAsync(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [...cli, ...args], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (c) => (stdout += c));
  proc.stderr!.on('data', (c) => (stderr += c));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 300_000);
  return new Promise((resolve) =>
    proc.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, stdout, stderr });
    }),
  );
}
