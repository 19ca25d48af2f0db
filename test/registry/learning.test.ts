import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AuditTrail } from '../../src/audit/chain.js';
import { loadPolicy } from '../../src/policy/load.js';
import { ObservationCollector, observing } from '../../src/registry/observation.js';
import { Registry } from '../../src/registry/registry.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { officialText, randomWords } from '../fixtures/official-text.js';

const policy = loadPolicy('policies/default.yaml');
const secret = Buffer.alloc(32, 21);

/** A portal's own stock phrase (no baseline file has it), then a distinctive sentence. */
const phrase = '紧扣强区富民创新驱动工作主线，';
const sentence = '青岚水库除险加固工程于7月3日起实行封闭施工，坝顶道路禁止一切车辆通行，管理所值班电话改为8807316。';
const received = [officialText(31, 600, 0).join(''), `${phrase}${sentence}`, officialText(32, 600, 0).join('')].join('\n');
/** A post quoting the phrase and the start of the sentence: over the hold length only with the phrase. */
const quoting = `关于近期工作安排的通知\n${phrase}${sentence.slice(0, 15)}\n特此通知。`;

/** A notice of its own (random words) around `inside`. */
const post = (seed: number, inside: string) => `${randomWords(seed, 80)}\n${inside}\n${randomWords(seed + 1, 80)}`;

/** What the gateway does with an allowed post: the scan's observation goes to the registry. */
async function allow(registry: Registry, text: string): Promise<number[]> {
  const seen = new ObservationCollector();
  const matches = observing.run(seen, () => registry.match(text));
  assert.deepEqual(matches.map((m) => m.matchedChars), [], 'only content without any registry finding is observed');
  const o = seen.result();
  return o ? registry.observe(o) : [];
}

describe('registry learning boilerplate from allowed traffic', () => {
  const dirs: string[] = [];
  const open = async (registryPolicy = policy.registry) => {
    const dir = mkdtempSync(join(tmpdir(), 'baomi-registry-learn-'));
    dirs.push(dir);
    const store = new SqliteStore(join(dir, 'baomi.db'));
    const registry = await Registry.open(store, new AuditTrail(store.audit, secret), secret, registryPolicy);
    return { store, registry };
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('stops counting a phrase once three distinct allowed documents carried it, and audits the promotion', async () => {
    const { store, registry } = await open();
    await registry.add(received, Buffer.from('received'), { level: '秘密' }, 'officer');
    assert.ok(registry.match(quoting)[0]!.matchedChars >= policy.registry.holdChars, 'the phrase and the start of the sentence hold');
    assert.deepEqual(await allow(registry, post(1, phrase)), []);
    assert.deepEqual(await allow(registry, post(3, phrase)), []);
    const learned = await allow(registry, post(5, phrase));
    assert.ok(learned.length >= 8, `learned ${learned.length} fingerprints`);
    assert.deepEqual(registry.match(quoting), [], 'the phrase no longer counts');
    assert.ok(registry.match(`${sentence}\n`)[0]!.matchedChars >= policy.registry.blockChars, 'the sentence itself still blocks');

    const entries: Array<{ kind: string; record: string }> = [];
    for await (const e of store.audit.entries()) entries.push(e);
    const learn = entries.filter((e) => e.kind === 'registry.learn').map((e) => JSON.parse(e.record) as { fingerprints: string[]; docs: number[] });
    assert.equal(learn.length, 1);
    assert.equal(learn[0]!.fingerprints.length, learned.length);
    assert.ok(learn[0]!.docs.every((n) => n === 3));
    // Kept in the store: a registry opened again (a restart, a scan worker) discounts it too.
    const again = await Registry.open(store, undefined, secret, policy.registry);
    assert.equal(again.learnedSize, learned.length);
    assert.deepEqual(again.match(quoting), []);
  });

  it('counts a document sent again, or sent again with a small edit, once', async () => {
    const { registry } = await open();
    await registry.add(received, Buffer.from('received'), { level: '秘密' }, 'officer');
    const same = post(7, phrase);
    for (const text of [same, same, same, same.replace(/^./, '某')]) assert.deepEqual(await allow(registry, text), []);
    assert.equal(registry.learnedSize, 0);
    assert.ok(registry.match(quoting).length, 'still holds');
    assert.ok((await allow(registry, post(9, phrase))).length === 0 && (await allow(registry, post(11, phrase))).length > 0, 'two more distinct documents make three');
  });

  it('never lets a registered document pass that was published piece by piece', async () => {
    const { registry } = await open();
    const secretDoc = randomWords(4242, 1500);
    await registry.add(secretDoc, Buffer.from('the whole document'), { level: '机密' }, 'officer');
    // Each piece is under the hold length, so each post is allowed; each goes out in three different posts.
    let promoted = 0;
    for (let at = 0; at + 20 <= secretDoc.length; at += 20) {
      for (const seed of [1, 2, 3]) promoted += (await allow(registry, post(at * 10 + seed, secretDoc.slice(at, at + 20)))).length;
    }
    assert.ok(promoted > 500, `learned ${promoted} fingerprints of it`);
    const [whole] = registry.match(secretDoc);
    assert.ok(whole, 'the whole document is still found');
    assert.ok(whole.coverage >= 1 - policy.registry.learnMaxShare - 0.02 && whole.coverage < 1, `coverage ${whole.coverage}`);
    assert.ok(whole.matchedChars >= policy.registry.blockChars && whole.coverage >= policy.registry.blockCoverage, 'and blocks');
    // What learning discounts is the earliest learned part; the rest still blocks in excerpts too.
    const [tail] = registry.match(post(99, secretDoc.slice(-80)));
    assert.ok(tail && tail.matchedChars >= policy.registry.blockChars, String(tail?.matchedChars));
  });

  it('learns at most learnMax fingerprints in all', async () => {
    const { registry } = await open({ ...policy.registry, learnMax: 5 });
    await registry.add(received, Buffer.from('received'), { level: '秘密' }, 'officer');
    for (const seed of [1, 3, 5, 7]) await allow(registry, post(seed, phrase));
    assert.equal(registry.learnedSize, 5);
  });
});
