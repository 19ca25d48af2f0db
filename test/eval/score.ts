/**
 * Scores samples the way the outside check did: the default policy, the
 * evaluation portal's identity, and a registry holding the ten registered
 * documents (added from their PDFs, as `baomi registry add` does), on a
 * throwaway SQLite store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditTrail } from '../../src/audit/chain.js';
import type { Verdict } from '../../src/detect/decide.js';
import type { Finding } from '../../src/detect/finding.js';
import { loadPolicy } from '../../src/policy/load.js';
import { loadPortal } from '../../src/policy/portal.js';
import { registerFile } from '../../src/registry/register-file.js';
import { Registry } from '../../src/registry/registry.js';
import { Scanner } from '../../src/scanner.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { registrationFiles } from './corpus.js';
import type { EvalSample } from './types.js';

export interface Scored {
  sample: EvalSample;
  verdict: Verdict;
  findings: Finding[];
  /** The findings behind the verdict. */
  reasons: Finding[];
  ms: number;
}

export interface EvalScanner {
  scan(samples: readonly EvalSample[], progress?: (done: number) => void): Promise<Scored[]>;
  close(): Promise<void>;
}

export const portalFile = new URL('./portal.yaml', import.meta.url).pathname;

export async function openEvalScanner(): Promise<EvalScanner> {
  const policy = loadPolicy('policies/default.yaml');
  const dir = mkdtempSync(join(tmpdir(), 'baomi-eval-'));
  const store = new SqliteStore(join(dir, 'baomi.db'));
  const secret = Buffer.alloc(32, 0x5e);
  const registry = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy.registry);
  const scanner = new Scanner(policy, { portal: loadPortal(portalFile), registry });
  for (const f of await registrationFiles()) await registerFile(registry, scanner, f.file, f.bytes, f.meta, 'eval-officer');
  return {
    async scan(samples, progress) {
      const out: Scored[] = [];
      for (const sample of samples) {
        const t = performance.now();
        const r = await scanner.scan(sample.parts);
        out.push({ sample, verdict: r.decision.verdict, findings: r.findings, reasons: r.decision.reasons, ms: performance.now() - t });
        progress?.(out.length);
      }
      return out;
    },
    async close() {
      await scanner.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
