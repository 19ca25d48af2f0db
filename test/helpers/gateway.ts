import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config.js';
import type { Scanner } from '../../src/scanner.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { startRecordingUpstream, type RecordingUpstream } from './upstream.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

type Json = Record<string, unknown>;

function merge(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && base[k] && typeof base[k] === 'object' ? merge(base[k] as Json, v as Json) : v;
  }
  return out;
}

/** A temporary policies/ folder: the default policy with `patch` merged in, and the profiles. */
export function writePolicy(patch: Json = {}): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-policy-'));
  cpSync('policies', dir, { recursive: true });
  const file = join(dir, 'default.yaml');
  writeFileSync(file, stringify(merge(parse(readFileSync('policies/default.yaml', 'utf8')) as Json, patch)));
  return { dir, file };
}

export interface TestRig {
  gw: RunningGateway;
  upstream: RecordingUpstream;
  dataDir: string;
  close(): Promise<void>;
}

/** A gateway on ephemeral ports in front of a recording upstream, with its own data directory. */
export async function startRig(
  options: { policy?: Json; upstream?: RecordingUpstream; upstreamUrl?: string; scanner?: (policyFile: string) => Scanner; dataDir?: string; warmOcr?: boolean; env?: Record<string, string> } = {},
): Promise<TestRig> {
  const upstream = options.upstream ?? (await startRecordingUpstream());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'baomi-data-'));
  const policy = writePolicy(options.policy);
  const config = loadConfig({
    env: options.env ?? {},
    overrides: { upstream: options.upstreamUrl ?? upstream.url, port: 0, adminPort: 0, host: '127.0.0.1', adminHost: '127.0.0.1', dataDir, policy: policy.file, adminToken: ADMIN_TOKEN, logLevel: 'silent' },
  });
  const gw = await startGateway(config, { logger: pino({ level: 'silent' }), scanner: options.scanner?.(policy.file), warmOcr: options.warmOcr ?? false });
  return {
    gw,
    upstream,
    dataDir,
    async close() {
      await gw.close();
      if (!options.upstream) await upstream.close();
      rmSync(policy.dir, { recursive: true, force: true });
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` passes (for effects recorded after the response, like audit entries). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 3000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
