import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeDoc } from '../fixtures/make.js';
import { officialText } from '../fixtures/official-text.js';
import { renderPage } from '../fixtures/pages.js';
import { baomi } from '../helpers/cli.js';

describe('baomi registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-registry-cli-'));
  const dataDir = join(dir, 'data');
  const env = { BAOMI_DATA_DIR: dataDir };
  after(() => rmSync(dir, { recursive: true, force: true }));

  const body = officialText(9001, 1200, 0);
  const received = join(dir, 'received.doc');
  writeFileSync(received, makeDoc(['000036', '机密★10年', '关于做好汛期安全防范工作的通知', ...body]));
  const copy = join(dir, 'notice.txt');
  writeFileSync(copy, ['关于转发防汛工作要求的通知', '各村（社区）：', body[1], body[2], '特此通知。'].join('\n'));

  it('registers a received document, finds its copy with `scan`, lists it, and forgets it on remove', () => {
    const add = baomi(['registry', 'add', '--level', '机密', '--doc-number', '屏政发〔2024〕7号', '--title', '关于做好汛期安全防范工作的通知', '--received', '2024-06-01', '--by', 'officer-li', received], { env });
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /^registered #1 .* \d+ chars, \d+ fingerprints\n$/);
    assert.equal(baomi(['registry', 'add', '--level', '机密', received], { env }).status, 1, 'the same file twice is refused');

    const list = JSON.parse(baomi(['registry', 'list', '--json'], { env }).stdout) as Array<{ id: number; level: string; docNumber: string; receivedOn: string; registeredBy: string }>;
    assert.deepEqual(list.map((d) => [d.id, d.level, d.docNumber, d.receivedOn, d.registeredBy]), [[1, '机密', '屏政发〔2024〕7号', '2024-06-01', 'officer-li']]);

    const scan = baomi(['scan', '--json', copy], { env });
    assert.equal(scan.status, 4, scan.stderr);
    const [result] = JSON.parse(scan.stdout) as Array<{ findings: Array<{ rule: string; evidence: string }> }>;
    assert.match(result!.findings.find((f) => f.rule === 'registry.copy')!.evidence, /^#1 机密: \d+ chars/);

    assert.equal(baomi(['registry', 'remove', '1', '--by', 'officer-wang'], { env }).status, 0);
    assert.equal(baomi(['scan', copy], { env }).status, 0);
    assert.match(baomi(['audit', 'verify'], { env }).stdout, /audit chain intact: 2 entries/);
  });

  it('registers a scanned page through OCR, and refuses what has no text or bad arguments', async () => {
    const scanned = join(dir, 'scanned.png');
    writeFileSync(scanned, await renderPage(body.slice(0, 1).flatMap((p) => [p.slice(0, 26), p.slice(26, 52)]).map((text, i) => ({ text, x: 80, y: 200 + i * 60 }))));
    const add = baomi(['registry', 'add', '--level', '秘密', scanned], { env });
    assert.equal(add.status, 0, add.stderr);
    const excerpt = join(dir, 'excerpt.txt');
    writeFileSync(excerpt, `通知\n${body[0]!.slice(0, 52)}\n特此通知。`);
    // Held or blocked: the line is half stock phrasing (目前全市共有, 已完成整改), which never counts towards the length.
    assert.ok([3, 4].includes(baomi(['scan', excerpt], { env }).status), 'the OCR-registered text is found in a typed copy');

    const blank = join(dir, 'blank.txt');
    writeFileSync(blank, '   ');
    const refused = baomi(['registry', 'add', '--level', '秘密', blank], { env });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /not registered: .*blank\.txt/);
    assert.equal(baomi(['registry', 'add', scanned], { env }).status, 2, 'no --level');
    assert.equal(baomi(['registry', 'add', '--level', '内部', scanned], { env }).status, 2, '内部 is a work secret, not a classified level');
    assert.equal(baomi(['registry', 'remove', 'x'], { env }).status, 2);
  });
});
