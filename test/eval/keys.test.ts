/**
 * The same documents and registrations give the same verdict under any
 * registry key: the whole corpus (both splits; pictures left out, their OCR
 * adds minutes and nothing key-dependent) and the ten registered documents
 * are read once, then the documents are registered and the corpus matched
 * under 20 keys. Only the registered-copy family sees the key, so it alone
 * runs per key; its measures and the verdicts with every other finding must be
 * identical. The keys come from a seed (BAOMI_EVAL_KEY_SEED, a new one each
 * run unless set), and a failure names the seed, so any key can be replayed.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AuditTrail } from '../../src/audit/chain.js';
import { decide } from '../../src/detect/decide.js';
import { Detector } from '../../src/detect/detector.js';
import { registeredCopy } from '../../src/detect/families/registered-copy.js';
import { walkDocuments, type Document } from '../../src/extract/document.js';
import { loadPolicy } from '../../src/policy/load.js';
import { loadPortal } from '../../src/policy/portal.js';
import { Registry } from '../../src/registry/registry.js';
import { Scanner } from '../../src/scanner.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { buildCorpus, registrationFiles } from './corpus.js';
import { portalFile } from './score.js';

const keys = 20;
const seed = process.env.BAOMI_EVAL_KEY_SEED ?? randomBytes(8).toString('hex');
const keyOf = (n: number) => createHash('sha256').update(`${seed}/${n}`).digest();

describe('evaluation corpus under 20 registry keys', () => {
  it('gives every sample the same registry measures and the same verdict under every key', async () => {
    const policy = loadPolicy('policies/default.yaml');
    const samples = (await buildCorpus()).filter((s) => s.format !== 'photo' && s.format !== 'scanned-pdf');
    const reader = new Scanner(policy, { portal: loadPortal(portalFile), ocr: false });
    const read: Array<{ id: string; documents: Document[]; findings: Awaited<ReturnType<Scanner['scan']>>['findings'] }> = [];
    for (const s of samples) {
      const r = await reader.scan(s.parts);
      read.push({ id: s.id, documents: r.documents.flatMap((d) => [...walkDocuments(d)]), findings: r.findings });
    }
    const registrations = await Promise.all(
      (await registrationFiles()).map(async (f) => {
        const { text, problems } = await reader.extractText(f.file, f.bytes);
        assert.deepEqual(problems, [], `${f.file} reads without problems`);
        return { ...f, text };
      }),
    );
    let first: Map<string, string> | undefined;
    let matched = 0;
    for (let k = 0; k < keys; k++) {
      const dir = mkdtempSync(join(tmpdir(), 'baomi-eval-key-'));
      const store = new SqliteStore(join(dir, 'baomi.db'));
      try {
        const secret = keyOf(k);
        const registry = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy.registry);
        for (const f of registrations) await registry.add(f.text, f.bytes, f.meta, 'eval-officer');
        const detector = new Detector([registeredCopy(registry, policy.registry)], policy.detection);
        const outcome = new Map<string, string>();
        for (const r of read) {
          const copies = r.documents.flatMap((d) => detector.detect({ ...d, children: [] }));
          if (k === 0 && copies.length) matched++;
          const verdict = decide([...r.findings, ...copies], policy).verdict;
          outcome.set(r.id, `${verdict} ${copies.map((f) => `#${f.evidence.split(' ')[0]} ${f.measure?.chars}/${f.measure?.coverage.toFixed(4)}`).sort().join(', ')}`);
        }
        if (!first) first = outcome;
        else for (const [id, o] of outcome) assert.equal(o, first.get(id), `${id} under key ${k} of seed ${seed} (replay: BAOMI_EVAL_KEY_SEED=${seed})`);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    assert.ok(matched >= 40, `${matched} samples match a registered document: the test must exercise the registry`);
  });
});
