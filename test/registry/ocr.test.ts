import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AuditTrail } from '../../src/audit/chain.js';
import { loadPolicy } from '../../src/policy/load.js';
import { Registry } from '../../src/registry/registry.js';
import { Scanner } from '../../src/scanner.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { officialText, wrap } from '../fixtures/official-text.js';
import { photoConditions, photograph, renderPage } from '../fixtures/pages.js';

// The floor is about recognition, not latency: under a loaded test machine a page may take longer than the 15 s scan budget.
const defaults = loadPolicy('policies/default.yaml');
const policy = { ...defaults, limits: { ...defaults.limits, scanTimeoutMs: 120_000 } };
const secret = Buffer.alloc(32, 3);

describe('registered documents photographed with the header covered, read by OCR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-registry-ocr-'));
  const store = new SqliteStore(join(dir, 'baomi.db'));
  after(async () => {
    await scanner?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  let scanner: Scanner | undefined;

  it('finds the copy on at least 90% of the photographs, with every mark hidden', async () => {
    const registry = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy.registry);
    scanner = new Scanner(policy, { registry });
    const body = wrap(officialText(31337, 700, 0), 30).slice(0, 18);
    await registry.add(['000036', '机密★10年', '南屏省人民政府文件', ...body].join('\n'), Buffer.from('received scan'), { level: '机密' }, 'officer');
    // 3号 text on an A4 page at 150 dpi; the copier's lid covers the 份号, the 密级 and the banner.
    const lines = [
      { text: '000036', x: 100, y: 110, size: 33 },
      { text: '机密★10年', x: 100, y: 160, size: 33 },
      { text: '南屏省人民政府文件', x: 300, y: 280, size: 60, red: true },
      ...body.map((text, i) => ({ text, x: 110, y: 400 + i * 62, size: 33 })),
    ];
    const page = await renderPage(lines, { cover: { x: 0, y: 0, w: 1240, h: 330 } });
    let found = 0;
    const misses: string[] = [];
    for (const [name, photo] of [['clean', {}] as const, ...photoConditions]) {
      const r = await scanner.scan([{ part: 'file', file: 'scan.jpg', bytes: await photograph(page, { ...photo, jpegQuality: photo.jpegQuality ?? 80 }) }]);
      const copy = r.findings.find((f) => f.category === 'registered-copy');
      assert.ok(!r.findings.some((f) => f.category === 'classified-marking'), 'the marks are covered: only the registry can tell');
      if (copy && r.decision.verdict === 'block') found++;
      else misses.push(`${name}: ${r.decision.verdict} ${r.findings.map((f) => `${f.rule} ${f.evidence}`).join(', ')}`);
    }
    const total = photoConditions.length + 1;
    console.log(`registered copies found by OCR: ${found}/${total}${misses.length ? `; missed: ${misses.join('; ')}` : ''}`);
    assert.ok(found / total >= 0.9, misses.join('\n'));
  });
});
