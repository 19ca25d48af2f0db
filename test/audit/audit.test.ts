import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import request from 'supertest';
import { baomi } from '../helpers/cli.js';
import { auditRecords } from '../helpers/audit.js';
import { eventually, startRig } from '../helpers/gateway.js';

/** A copy of the data directory with `tamper` applied to its SQLite file. */
function tampered(dataDir: string, tamper: (db: Database.Database) => void): string {
  const copy = mkdtempSync(join(tmpdir(), 'baomi-tamper-'));
  cpSync(dataDir, copy, { recursive: true });
  const db = new Database(join(copy, 'baomi.db'));
  tamper(db);
  db.close();
  return copy;
}

describe('audit trail: hash chained, tamper evident, exportable', () => {
  let dataDir: string;
  const copies: string[] = [];
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'baomi-audit-'));
    const rig = await startRig({ dataDir });
    const posts = [
      { title: 'a', content: '<p>通知</p>' },
      { title: 'b', content: '<p>秘密★1年</p><p>通知</p>' },
      { title: 'c', content: '<p>传达机密★文件</p>' },
      { title: 'd', content: '<p>公告</p>' },
    ];
    for (const p of posts) await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(p);
    await eventually(async () => assert.equal((await auditRecords(rig.gw.store)).length, 4));
    const records = await auditRecords(rig.gw.store);
    // No content paragraphs in the audit: hashes, rules and the short evidence only.
    assert.ok(!JSON.stringify(records).includes('通知'));
    assert.deepEqual(records.map((r) => r.record.verdict), ['allow', 'block', 'hold', 'allow']);
    assert.equal(records[1]!.record.findings[0].evidence, '秘密★1年');
    assert.match(records[0]!.record.bodySha256, /^[0-9a-f]{64}$/);
    assert.equal(records[0]!.record.parts[0].sha256.length, 64);
    await rig.close();
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
    for (const c of copies) rmSync(c, { recursive: true, force: true });
  });

  it('verifies an untouched chain', () => {
    const r = baomi(['audit', 'verify', '--data-dir', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /intact: 4 entries/);
  });

  const cases: Array<[string, (db: Database.Database) => void, RegExp]> = [
    ['an edited entry', (db) => db.prepare("UPDATE audit SET record = replace(record, '\"block\"', '\"allow\"') WHERE seq = 2").run(), /entry 2: entry hash does not match/],
    ['a deleted entry', (db) => db.prepare('DELETE FROM audit WHERE seq = 2').run(), /entry 3: expected entry 2/],
    [
      'reordered entries',
      (db) => {
        db.prepare('UPDATE audit SET seq = 100 WHERE seq = 2').run();
        db.prepare('UPDATE audit SET seq = 2 WHERE seq = 3').run();
        db.prepare('UPDATE audit SET seq = 3 WHERE seq = 100').run();
      },
      /entry 2: previous-hash link broken/,
    ],
    ['entries cut from the end', (db) => db.prepare('DELETE FROM audit WHERE seq >= 3').run(), /entries removed from the end/],
    [
      'entries cut from the end and the head rewritten to match',
      (db) => {
        db.prepare('DELETE FROM audit WHERE seq >= 3').run();
        const last = db.prepare('SELECT seq, hash FROM audit WHERE seq = 2').get() as { seq: number; hash: string };
        db.prepare("UPDATE meta SET value = ? WHERE key = 'audit_head'").run(JSON.stringify(last));
      },
      /head is not signed with the audit key: it was rewritten/,
    ],
  ];
  for (const [name, tamper, expected] of cases) {
    it(`detects ${name}`, () => {
      const copy = tampered(dataDir, tamper);
      copies.push(copy);
      const r = baomi(['audit', 'verify', '--data-dir', copy]);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /BROKEN/);
      assert.match(r.stdout, expected);
    });
  }

  it('an earlier copy of the whole database put back is caught by the last head seen outside it (--expect-head)', async () => {
    const live = mkdtempSync(join(tmpdir(), 'baomi-audit-live-'));
    const backup = mkdtempSync(join(tmpdir(), 'baomi-audit-backup-'));
    copies.push(live, backup);
    const rig = await startRig({ dataDir: live });
    const post = (title: string) => request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title, content: '<p>公告</p>' });
    await post('1');
    await post('2');
    await eventually(async () => assert.equal((await auditRecords(rig.gw.store)).length, 2));
    cpSync(live, backup, { recursive: true });
    await post('3');
    await post('4');
    await eventually(async () => assert.equal((await auditRecords(rig.gw.store)).length, 4));
    // Operations sees the head on the metrics page: 4.
    const metrics = (await request(rig.gw.adminUrl).get('/metrics')).text;
    assert.match(metrics, /^baomi_audit_head_seq 4$/m);
    await rig.close();
    // The backup is a consistent chain of its own: only the head seen outside the database shows what is missing.
    assert.equal(baomi(['audit', 'verify', '--data-dir', backup]).status, 0);
    const r = baomi(['audit', 'verify', '--data-dir', backup, '--expect-head', '4']);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /chain ends at 2, but 4 entries were seen before/);
    assert.equal(baomi(['audit', 'verify', '--data-dir', live, '--expect-head', '4']).status, 0);
  });

  it('exports JSON Lines', () => {
    const r = baomi(['audit', 'export', '--data-dir', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 4);
    assert.equal(lines[0].seq, 1);
    assert.equal(lines[1].prev, lines[0].hash);
    assert.equal(lines[1].record.verdict, 'block');
  });
});
