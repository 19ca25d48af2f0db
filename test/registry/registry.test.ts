import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Converter } from 'opencc-js/cn2t';
import { AuditTrail } from '../../src/audit/chain.js';
import { loadPolicy } from '../../src/policy/load.js';
import { Registry, RegistryError } from '../../src/registry/registry.js';
import { readSnapshot } from '../../src/registry/snapshot.js';
import { Scanner } from '../../src/scanner.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { officialText } from '../fixtures/official-text.js';

const policy = loadPolicy('policies/default.yaml');
const secret = Buffer.alloc(32, 5);
const toTraditional = Converter({ from: 'cn', to: 'tw' });

// The registered document draws on one half of the phrase lists, the negatives on the other.
const registeredBody = officialText(4242, 3000, 0);
const header = ['000036', '机密★10年', '南屏省人民政府文件', '屏政发〔2024〕7号', '关于做好汛期安全防范工作的通知', '各市、县人民政府：'];

describe('registry of received classified documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-registry-'));
  let store: SqliteStore;
  let registry: Registry;
  let scanner: Scanner;
  const scan = async (text: string) => {
    const r = await scanner.scan([{ part: 'content', bytes: Buffer.from(text) }]);
    return { verdict: r.decision.verdict, findings: r.findings.filter((f) => f.category === 'registered-copy') };
  };

  before(async () => {
    store = new SqliteStore(join(dir, 'baomi.db'));
    registry = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy.registry);
    const doc = await registry.add([...header, ...registeredBody].join('\n'), Buffer.from('the received file'), { level: '机密', docNumber: '屏政发〔2024〕7号', title: '关于做好汛期安全防范工作的通知' }, 'officer-li');
    assert.equal(doc.id, 1);
    scanner = new Scanner(policy, { ocr: false, registry });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('blocks a full copy whose header (mark, number, issuer) was cut off', async () => {
    const r = await scan(registeredBody.join('\n'));
    assert.equal(r.verdict, 'block');
    assert.equal(r.findings[0]?.rule, 'registry.copy');
    assert.match(r.findings[0]!.evidence, /^#1 机密: \d+ chars, (8\d|9\d|100)%$/, "boilerplate fingerprints count in the registered document but never match");
  });

  it('finds a two-paragraph excerpt inside a new notice that carries no mark', async () => {
    const excerpt = registeredBody.slice(2, 4).join('\n');
    assert.ok(excerpt.length >= 50);
    const notice = ['关于转发防汛工作要求的通知', '各村（社区）：', '现将上级有关要求摘录如下，请遵照执行。', excerpt, '清河县应急管理局', '2024年6月3日'].join('\n');
    const r = await scan(notice);
    assert.equal(r.verdict, 'block', JSON.stringify(r.findings));
    const finding = r.findings[0]!;
    // The span points at the excerpt in the notice, for the reviewer's highlighting.
    const [start, end] = finding.spans![0]!;
    const lines = notice.split('\n');
    const excerptStart = lines.slice(0, 3).join('\n').length + 1;
    assert.ok(Math.abs(start - excerptStart) <= policy.registry.w && Math.abs(end - (excerptStart + excerpt.length)) <= policy.registry.w + 2, `${start}-${end} vs ${excerptStart}-${excerptStart + excerpt.length}`);
  });

  it('finds excerpts of 50+ characters edited lightly: a few characters changed, re-flowed, in traditional characters', async () => {
    // A paragraph with substance: one made of 目前全市共有…已完成整改 sentences is stock phrasing around a few numbers.
    const source = registeredBody[6]!.slice(0, 80);
    const edited = [...source];
    for (const at of [15, 40, 62]) edited[at] = '某';
    const reflowed = edited.join('').replace(/，/g, '\n').replace(/。/g, '；');
    for (const [name, text] of [['edited', edited.join('')], ['re-flowed', reflowed], ['traditional', toTraditional(source)]] as const) {
      const r = await scan(`关于开展汛期检查的通知\n${text}\n特此通知。`);
      assert.notEqual(r.verdict, 'allow', `${name}: ${text}`);
      assert.ok(r.findings.length, name);
    }
  });

  it('does not match a notice that shares only boilerplate and the topic', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const other = officialText(seed, 1500, 1).join('\n');
      const r = await scan(`关于做好汛期安全防范工作的通知\n各乡镇人民政府，县政府各部门：\n为进一步加强汛期安全防范工作，现就有关事项通知如下。\n${other}\n特此通知。`);
      assert.deepEqual(r.findings.map((f) => f.evidence), [], `seed ${seed}`);
    }
  });

  it('keeps fingerprints only: the registered text is nowhere in the store', () => {
    const file = readFileSync(join(dir, 'baomi.db'));
    for (const paragraph of registeredBody.slice(0, 5)) {
      for (const encoding of ['utf8', 'utf16le'] as const) assert.equal(file.indexOf(Buffer.from(paragraph.slice(0, 12), encoding)), -1, paragraph.slice(0, 12));
    }
  });

  it('loads the index from the store at start, forgets a removed document, and audits every change', async () => {
    const reopened = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy.registry);
    assert.equal(reopened.size, 1);
    assert.equal(reopened.match(registeredBody.join('\n'))[0]?.document.docNumber, '屏政发〔2024〕7号');
    await reopened.remove(1, 'officer-wang');
    assert.deepEqual(reopened.match(registeredBody.join('\n')), []);
    assert.equal(reopened.size, 0);
    const kinds: string[] = [];
    for await (const e of store.audit.entries()) kinds.push(`${e.kind} ${JSON.parse(e.record).by}`);
    assert.deepEqual(kinds, ['registry.add officer-li', 'registry.remove officer-wang']);
  });

  it('starts from a snapshot of the index when it is current, and ignores a stale one', async () => {
    const snapshot = join(dir, 'registry.idx');
    const a = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy.registry, { snapshot });
    assert.ok(existsSync(snapshot), 'written after a rebuild');
    const doc = await a.add(registeredBody.slice(6).join('\n'), Buffer.from('second file'), { level: '秘密' }, 'officer-li');
    await a.close();
    const version = await store.registry.version();
    const keyId = (a as unknown as { keyId: string }).keyId;
    const loaded = readSnapshot(snapshot, { version, keyId, k: policy.registry.k, w: policy.registry.w });
    assert.ok(loaded?.index.has(doc.id), 'closing wrote the snapshot at the current version');
    assert.equal(readSnapshot(snapshot, { version: version + 1, keyId, k: policy.registry.k, w: policy.registry.w }), undefined, 'stale after any change');
    const b = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy.registry, { snapshot });
    assert.equal(b.match(registeredBody.slice(6).join('\n'))[0]?.document.id, doc.id);
  });

  it('picks up documents another process registers or removes', async () => {
    const mine = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy.registry);
    const theirs = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy.registry);
    const text = officialText(515, 800, 1).join('\n');
    const doc = await theirs.add(text, Buffer.from('third file'), { level: '绝密' }, 'officer-zhao');
    assert.deepEqual(mine.match(text), []);
    await mine.refresh();
    assert.equal(mine.match(text)[0]?.document.id, doc.id);
    await theirs.remove(doc.id, 'officer-zhao');
    await mine.refresh();
    assert.deepEqual(mine.match(text), []);
  });

  it('refuses a store holding documents registered before every k-gram was kept, and names them', async () => {
    const oldDir = mkdtempSync(join(tmpdir(), 'baomi-registry-old-'));
    const file = join(oldDir, 'baomi.db');
    const made = new SqliteStore(file);
    await (await Registry.open(made, undefined, secret, policy.registry)).add(registeredBody.join('\n'), Buffer.from('old file'), { level: '秘密' }, 'officer-li');
    await made.close();
    // What an earlier version wrote: only the winnowed fingerprints (format 1).
    const legacy = new Database(file);
    legacy.prepare('UPDATE registry SET format = 1').run();
    legacy.close();
    const old = new SqliteStore(file);
    await assert.rejects(Registry.open(old, undefined, secret, policy.registry), (err: RegistryError) => err.code === 'parameters' && /#1 were registered before/.test(err.message));
    await old.close();
    rmSync(oldDir, { recursive: true, force: true });
  });

  it('refuses to run with other fingerprint parameters than the registry was built with', async () => {
    await assert.rejects(Registry.open(store, new AuditTrail(store.audit, secret), secret, { ...policy.registry, k: policy.registry.k + 1 }), (err: RegistryError) => err.code === 'parameters' && /were made with k=6,w=6/.test(err.message));
  });
});

