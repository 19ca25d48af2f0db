import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportLine, verifyAudit } from '../audit/chain.js';
import { commandStorage, describeStore, storageOptions, storeExists } from './storage.js';
import { UsageError } from './usage.js';

/** `baomi audit verify` (exit 1 when the chain is broken) and `baomi audit export` (JSON Lines). */
export async function audit(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...storageOptions, out: { type: 'string' }, 'expect-head': { type: 'string' } } });
  // Reading the audit of a store that does not exist is a mistake (a wrong --data-dir), not an empty chain.
  if (!storeExists(values)) throw new Error(`no store at ${describeStore(values)}: give --data-dir or --store (BAOMI_DATA_DIR, BAOMI_STORE_URL) of the gateway`);
  const storage = await commandStorage(values);
  const { store } = storage;
  try {
    if (positionals[0] === 'verify') {
      const expect = values['expect-head'];
      if (expect !== undefined && !/^\d+$/.test(expect)) throw new UsageError('--expect-head takes the last sequence number seen (baomi_audit_head_seq)');
      const result = await verifyAudit(store.audit, storage.key('audit'), { expectHead: expect === undefined ? undefined : Number(expect) });
      if (result.ok) {
        process.stdout.write(`audit chain intact: ${result.entries} entries\n`);
        // The chain can prove what it holds, not that it is the latest copy: only a head seen outside the database can.
        if (expect === undefined) process.stdout.write('not anchored: an older copy of the whole database would pass too; give the last baomi_audit_head_seq seen with --expect-head\n');
        return 0;
      }
      process.stdout.write(`audit chain BROKEN (${result.entries} entries read):\n`);
      for (const p of result.problems) process.stdout.write(`  entry ${p.seq}: ${p.problem}\n`);
      return 1;
    }
    if (positionals[0] === 'export') {
      const out: NodeJS.WritableStream = values.out ? createWriteStream(values.out) : process.stdout;
      // `audit export | head`: the reader went away; stop quietly.
      let closed = false;
      let failure: Error | undefined;
      out.on('error', (err: NodeJS.ErrnoException) => {
        closed = true;
        if (err.code !== 'EPIPE') failure = err;
      });
      for await (const e of store.audit.entries()) {
        if (closed) break;
        const line = exportLine(e);
        // Backpressure: a slow reader is waited for, not buffered without end.
        if (!out.write(line)) await new Promise<void>((r) => {
          out.once('drain', () => r());
          out.once('close', () => r());
          out.once('error', () => r());
        });
      }
      if (failure) throw failure;
      if (out !== process.stdout) await new Promise<void>((r) => (out as NodeJS.WritableStream).end(() => r()));
      return 0;
    }
    throw new UsageError('audit takes verify or export');
  } finally {
    await store.close();
  }
}
