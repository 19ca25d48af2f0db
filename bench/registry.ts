/**
 * The registry at scale: 100,000 registered documents of about 3,000
 * characters (BENCH_DOCS to change), then
 *   - registration throughput: fingerprinting alone, and Registry.add (store
 *     and audit entry included) for the first BENCH_ADD documents; the rest go
 *     to the store in one transaction, as an import would;
 *   - start-up: Registry.open from the store alone (every fingerprint read
 *     and sorted, as after a crash), then from the snapshot it wrote (a read);
 *   - memory: RSS, the index's typed arrays and every document's k-gram
 *     hashes (target ≤ 1.5 GB);
 *   - lookup latency for a 20,000-character document (target p50 ≤ 20 ms),
 *     unrelated and with excerpts of registered documents inside.
 *
 *   npm run bench:registry
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditTrail } from '../src/audit/chain.js';
import { canonical } from '../src/detect/fingerprint/canonical.js';
import { Winnower } from '../src/detect/fingerprint/winnow.js';
import { loadPolicy } from '../src/policy/load.js';
import { Registry } from '../src/registry/registry.js';
import { randomWords } from '../test/fixtures/official-text.js';
import { SqliteStore } from '../src/store/sqlite/store.js';

const docs = Number(process.env.BENCH_DOCS ?? 100_000);
const viaAdd = Math.min(docs, Number(process.env.BENCH_ADD ?? 2_000));
const policy = loadPolicy('policies/default.yaml').registry;
const secret = Buffer.alloc(32, 1);
// BENCH_DIR keeps the built store for the next run (which then skips building it).
const kept = process.env.BENCH_DIR;
const dir = kept ?? mkdtempSync(join(tmpdir(), 'baomi-bench-registry-'));
const prebuilt = kept !== undefined && existsSync(join(kept, 'baomi.db'));
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

console.log(`bench/registry.ts — ${docs.toLocaleString()} documents of ~3,000 characters, k=${policy.k} w=${policy.w}`);
const winnower = new Winnower(secret, policy);
let t = performance.now();
let fingerprints = 0;
const sample = Math.min(docs, 5_000);
for (let i = 0; i < sample; i++) fingerprints += winnower.fingerprints(canonical(randomWords(i, 3000)).text).hashes.length;
const fpMs = performance.now() - t;
console.log(`fingerprinting: ${(sample / (fpMs / 1000)).toFixed(0)} documents/s (${((sample * 3000) / (fpMs / 1000) / 1e6).toFixed(1)} M characters/s), ${(fingerprints / sample).toFixed(0)} fingerprints per document`);

let store: SqliteStore;
let registry: Registry;
if (!prebuilt) {
  store = new SqliteStore(join(dir, 'baomi.db'));
  registry = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy);
  t = performance.now();
  for (let i = 0; i < viaAdd; i++) await registry.add(randomWords(i, 3000), Buffer.from(`doc ${i}`), { level: '机密', docNumber: `屏政发〔2024〕${i}号` }, 'bench');
  const addMs = performance.now() - t;
  console.log(`Registry.add (store + audit entry + index): ${(viaAdd / (addMs / 1000)).toFixed(0)} documents/s`);

  // The rest straight into the store, as a bulk import would.
  t = performance.now();
  for (let i = viaAdd; i < docs; i++) {
    const c = canonical(randomWords(i, 3000)).text;
    const grams = winnower.grams(c);
    await store.registry.add({ title: null, docNumber: `屏政发〔2024〕${i}号`, issuer: null, level: '机密', period: null, receivedOn: null, registeredBy: 'bench', registeredAt: Date.now(), chars: c.length, fingerprints: grams.length, countable: null, sha256: `bench-${i}` }, grams);
  }
  console.log(`bulk import of ${(docs - viaAdd).toLocaleString()} documents: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await store.close();
}

// Start-up as a fresh process: without a snapshot (rebuilt from the store, as after a crash), then with the snapshot that wrote.
const snapshot = join(dir, 'registry.idx');
rmSync(snapshot, { force: true });
const rssBefore = process.memoryUsage().rss;
store = new SqliteStore(join(dir, 'baomi.db'));
t = performance.now();
registry = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy, { snapshot });
const rebuildMs = performance.now() - t;
registry = undefined as unknown as Registry;
globalThis.gc?.();
t = performance.now();
registry = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy, { snapshot });
const openMs = performance.now() - t;
const { index, grams } = registry as unknown as { index: { entries: number; bytes: number }; grams: { bytes: number } };
console.log(`start-up load: ${(rebuildMs / 1000).toFixed(2)} s from the store (read and sort), ${(openMs / 1000).toFixed(2)} s from the snapshot, ${index.entries.toLocaleString()} fingerprints`);
globalThis.gc?.();
const rss = process.memoryUsage().rss;
console.log(`memory: index typed arrays ${mb(index.bytes)}, k-gram hashes ${mb(grams.bytes)}, process RSS ${mb(rss)} (${mb(rss - rssBefore)} more than before loading; target ≤ 1.5 GB)`);

function latency(name: string, make: (i: number) => string): void {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < 60; i++) {
    const text = make(i);
    const start = performance.now();
    const matches = registry.match(text);
    if (i >= 10) times.push(performance.now() - start);
    if (matches.length) found++;
  }
  times.sort((a, b) => a - b);
  console.log(`lookup, 20,000 characters, ${name}: p50 ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, p99 ${times[times.length - 1]!.toFixed(1)} ms (target p50 ≤ 20); matched ${found}/60`);
}
latency('unrelated', (i) => randomWords(10_000_000 + i, 20_000));
latency('with 3 excerpts of 100 characters', (i) => {
  const base = randomWords(20_000_000 + i, 19_700);
  const excerpt = (d: number) => randomWords(d, 3000).slice(1000, 1100);
  return base.slice(0, 5000) + excerpt(i * 7) + base.slice(5000, 10000) + excerpt(docs - 1 - i) + base.slice(10000) + excerpt(i * 13 + 5);
});
await store.close();
if (!kept) rmSync(dir, { recursive: true, force: true });
