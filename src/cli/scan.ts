import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { worst, type Verdict } from '../detect/decide.js';
import type { Finding } from '../detect/finding.js';
import { loadPolicy } from '../policy/load.js';
import { loadPortal } from '../policy/portal.js';
import { Scanner } from '../scanner.js';
import { openRegistry } from './registry.js';
import { commandStorage, storageOptions, storeExists } from './storage.js';
import { UsageError } from './usage.js';

interface FileResult {
  file: string;
  verdict: Verdict;
  findings: Array<Pick<Finding, 'rule' | 'category' | 'severity' | 'evidence' | 'location'>>;
  durationMs: number;
}

const exitFor: Record<Verdict, number> = { allow: 0, hold: 3, block: 4 };

async function readInput(file: string): Promise<Buffer> {
  if (file !== '-') return readFile(file);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function human(results: FileResult[], color: boolean): string {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const verdictColor: Record<Verdict, number> = { allow: 32, hold: 33, block: 31 };
  const out: string[] = [];
  for (const r of results) {
    out.push(`${paint(verdictColor[r.verdict], r.verdict.toUpperCase().padEnd(5))} ${r.file}  (${r.durationMs} ms)`);
    for (const f of r.findings) {
      const l = f.location;
      const where = [l.file && l.file !== r.file ? l.file : '', l.page ? `p${l.page}` : '', l.line ? `l${l.line}` : ''].filter(Boolean).join(':');
      out.push(`  ${paint(2, f.severity.padEnd(6))} ${f.rule} [${f.category}] ${where} ${JSON.stringify(f.evidence)}`);
    }
  }
  return out.join('\n') + '\n';
}

/** `baomi scan`: the gateway's own scanner over local files; exit status says the worst verdict. */
export async function scan(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { policy: { type: 'string' }, json: { type: 'boolean' }, ...storageOptions, portal: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('scan needs at least one FILE (or - for stdin)');
  const portalFile = values.portal ?? process.env.BAOMI_PORTAL;
  const policy = loadPolicy(values.policy ?? process.env.BAOMI_POLICY ?? 'policies/default.yaml');
  // The registry of received classified documents, when there is a store (scan never creates one).
  const opened = storeExists(values) ? await openRegistry(await commandStorage(values), policy) : undefined;
  const scanner = new Scanner(policy, { portal: portalFile ? loadPortal(portalFile) : undefined, registry: opened?.registry });
  const results: FileResult[] = [];
  let overall: Verdict = 'allow';
  try {
    for (const file of positionals) {
      const t = performance.now();
      let bytes: Buffer;
      try {
        bytes = await readInput(file);
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const name = file === '-' ? 'stdin' : basename(file);
      const result = await scanner.scan([{ part: 'file', file: name, bytes }]);
      overall = worst(overall, result.decision.verdict);
      results.push({
        file,
        verdict: result.decision.verdict,
        findings: result.findings.map(({ rule, category, severity, evidence, location }) => ({ rule, category, severity, evidence, location })),
        durationMs: Math.round((performance.now() - t) * 10) / 10,
      });
    }
  } finally {
    // OCR engines are worker threads: end them, or the process would not exit.
    await scanner.close();
    await opened?.close();
  }
  process.stdout.write(values.json ? JSON.stringify(results, null, 2) + '\n' : human(results, process.stdout.isTTY === true));
  return exitFor[overall];
}
