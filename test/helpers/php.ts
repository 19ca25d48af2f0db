import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PhpKeyPath } from '../../src/cms/php/variables.js';

/**
 * Debian's php-cli built-in server with a tiny reporter standing in for every
 * WordPress entry script: what PHP parsed from a request, as the oracle for
 * the differential tests. CI installs php-cli, php-xml and the wordpress
 * package (for its XML-RPC reader); elsewhere the tests say what is missing.
 */
export function phpMissing(): string | false {
  const php = spawnSync('php', ['-m'], { encoding: 'utf8' });
  if (php.status !== 0) return 'needs Debian php-cli (apt-get install php-cli php-xml)';
  if (!/^xml$/m.test(php.stdout)) return 'needs the PHP xml extension (apt-get install php-xml)';
  return false;
}

/** Skip reason for a suite that needs PHP: never skipped in CI, which installs it. */
export const phpSkip = process.env.CI ? false : phpMissing();

/** The scripts a WordPress document root has at its top and under wp-admin/. */
export const wordpressScripts = [
  'index.php',
  'wp-login.php',
  'xmlrpc.php',
  'wp-comments-post.php',
  'wp-cron.php',
  'wp-admin/index.php',
  'wp-admin/post.php',
  'wp-admin/post-new.php',
  'wp-admin/async-upload.php',
  'wp-admin/media-new.php',
  'wp-admin/admin-ajax.php',
  'wp-admin/admin-post.php',
  'wp-admin/options.php',
];

export interface PhpServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something listens on the port; fails if the child exits first. */
export async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`php -S exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('php -S did not start');
}

export async function startPhp(): Promise<PhpServer> {
  const root = mkdtempSync(join(tmpdir(), 'baomi-php-'));
  copyFileSync(join('test', 'php', 'report.php'), join(root, 'report.php'));
  for (const script of wordpressScripts) {
    mkdirSync(dirname(join(root, script)), { recursive: true });
    writeFileSync(join(root, script), `<?php require ${JSON.stringify(join(root, 'report.php'))};\n`);
  }
  const port = await freePort();
  const child = spawn(
    'php',
    ['-d', 'upload_max_filesize=64M', '-d', 'post_max_size=80M', '-d', 'display_errors=0', '-d', 'log_errors=0', '-S', `127.0.0.1:${port}`, '-t', root],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  await waitForPort(port, child);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      child.kill();
      await new Promise((r) => child.once('exit', r));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: string;
  body: Buffer;
}

/** Sends exact bytes (request line, headers, body) and reads the answer until the server closes. */
export function sendRaw(port: number, request: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Written, not ended: a client that half-closes first is not what servers expect (Connection: close ends it).
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.setTimeout(20_000, () => socket.destroy(new Error('no answer in 20 s')));
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split < 0 ? all.length : split).toString('latin1');
      let body: Buffer = split < 0 ? Buffer.alloc(0) : all.subarray(split + 4);
      if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) body = unchunk(body);
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body });
    });
  });
}

function unchunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(body.toString('latin1', at, eol), 16);
    if (!size) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** A PHP value as the reporter writes it: a string (bytes), a scalar, or an ordered array. */
export type PhpValue = Buffer | number | boolean | null | Array<[string, PhpValue]>;

type Encoded = { s: string } | { v: number | boolean | null } | { a: Array<[string, Encoded]> };

export function decodePhp(e: Encoded): PhpValue {
  if ('s' in e) return Buffer.from(e.s, 'base64');
  if ('v' in e) return e.v;
  return e.a.map(([k, v]) => [Buffer.from(k, 'base64').toString('latin1'), decodePhp(v)]);
}

export interface PhpReport {
  script: string;
  method: string;
  /** The method WordPress's REST server acts on (`_method`, else X-HTTP-Method-Override). */
  wpMethod: string;
  query: Buffer;
  get: PhpValue;
  post: PhpValue;
  files: PhpValue;
  input: Buffer;
  json: PhpValue | undefined;
  bodyParams: PhpValue | undefined;
  xmlrpc: PhpValue | undefined;
}

export function parseReport(body: Buffer): PhpReport {
  const r = JSON.parse(body.toString('utf8'));
  return {
    script: r.script,
    method: r.method,
    wpMethod: r.wpMethod,
    query: Buffer.from(r.query, 'base64'),
    get: decodePhp(r.get),
    post: decodePhp(r.post),
    files: decodePhp(r.files),
    input: Buffer.from(r.input, 'base64'),
    json: r.json ? decodePhp(r.json) : undefined,
    bodyParams: r.bodyParams ? decodePhp(r.bodyParams) : undefined,
    xmlrpc: r.xmlrpc ? decodePhp(r.xmlrpc) : undefined,
  };
}

/** Every string (keys included) in a PHP value, depth first. */
export function* phpStrings(v: PhpValue | undefined): Generator<Buffer> {
  if (v === undefined || v === null) return;
  if (Buffer.isBuffer(v)) yield v;
  else if (Array.isArray(v)) {
    for (const [k, x] of v) {
      yield Buffer.from(k, 'latin1');
      yield* phpStrings(x);
    }
  }
}

/** PHP's integer-like keys ("0", "-3"; not "01" or "1.0") become integers, which print the same. */
const numericKey = /^(?:0|-?[1-9]\d{0,17})$/;

/** Builds the array PHP would, from variables in order: how the model's key paths are checked against PHP's own $_GET/$_POST. */
export function phpArrayOf(vars: Array<{ path: PhpKeyPath | undefined; value: Buffer }>): Array<[string, PhpValue]> {
  const root: Array<[string, PhpValue]> = [];
  const nextIndex = new Map<Array<[string, PhpValue]>, number>();
  const put = (arr: Array<[string, PhpValue]>, key: string | null, value: PhpValue): PhpValue => {
    let k: string;
    if (key === null) {
      k = String(nextIndex.get(arr) ?? 0);
    } else k = key;
    if (numericKey.test(k)) nextIndex.set(arr, Math.max(nextIndex.get(arr) ?? 0, Number(k) + 1));
    const at = arr.findIndex(([x]) => x === k);
    if (at >= 0) arr[at]![1] = value;
    else arr.push([k, value]);
    return value;
  };
  for (const v of vars) {
    if (!v.path) continue;
    let arr = root;
    for (let i = 0; i < v.path.length - 1; i++) {
      const key = v.path[i]!;
      const existing = key === null ? undefined : arr.find(([x]) => x === key)?.[1];
      arr = Array.isArray(existing) ? existing : (put(arr, key, []) as Array<[string, PhpValue]>);
    }
    put(arr, v.path[v.path.length - 1]!, v.value);
  }
  return root;
}
