import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { baomi } from '../helpers/cli.js';

describe('baomi scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-scan-'));
  const clean = join(dir, 'clean.html');
  const held = join(dir, 'held.txt');
  const blocked = join(dir, 'blocked.html');
  writeFileSync(clean, '<p>关于开展全民健身活动的通知</p>');
  writeFileSync(held, '会议传达了机密★文件精神');
  writeFileSync(blocked, '<p>000036</p><p>秘密★1年</p><p>通知</p>');

  it('prints a JSON array, one object per file, and exits with the worst verdict', () => {
    const r = baomi(['scan', '--json', clean, held, blocked]);
    assert.equal(r.status, 4, r.stderr);
    const results = JSON.parse(r.stdout) as Array<{ file: string; verdict: string; findings: Array<{ rule: string; category: string; severity: string; evidence: string; location: object }>; durationMs: number }>;
    assert.deepEqual(results.map((x) => x.verdict), ['allow', 'hold', 'block']);
    assert.equal(results[2]!.file, blocked);
    assert.deepEqual(Object.keys(results[2]!.findings[0]!).sort(), ['category', 'evidence', 'location', 'rule', 'severity']);
    assert.equal(typeof results[0]!.durationMs, 'number');
  });

  it('exit 0 when all allow, 3 when the worst is hold; reads stdin with -', () => {
    assert.equal(baomi(['scan', clean]).status, 0);
    const r = baomi(['scan', '-'], { input: '会议传达了秘密★文件精神' });
    assert.equal(r.status, 3);
    assert.match(r.stdout, /HOLD\s+-/);
    assert.match(r.stdout, /marking\.inline/);
  });

  it('exit 2 on usage errors', () => {
    assert.equal(baomi(['scan']).status, 2);
    assert.equal(baomi(['scan', join(dir, 'missing.txt')]).status, 2);
    assert.equal(baomi(['frobnicate']).status, 2);
    assert.equal(baomi(['scan', '--bogus', clean]).status, 2);
  });
});
