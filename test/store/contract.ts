/**
 * The store contract: what every backend must do, run against SQLite and
 * PostgreSQL alike (sqlite.test.ts, postgres.test.ts). Two handles on the same
 * database stand for two processes or replicas.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuditTrail, verifyAudit } from '../../src/audit/chain.js';
import type { CrawlTask, HoldState, NewHold, PublishedFinding, RegisteredDocument, Store } from '../../src/store/store.js';

export interface Backend {
  /** A new handle on the suite's one database (a second process, another replica). */
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

const newHold = (id: string, at = Date.now(), portal = 'default'): NewHold => ({
  id,
  createdAt: at,
  requestId: `req-${id}`,
  portal,
  route: 'wp-rest-posts',
  method: 'POST',
  path: '/wp-json/wp/v2/posts',
  submitter: 'editor1',
  claims: ['editor1'],
  contentHash: `sha-${id}`,
  tag: 'tag',
  // Evidence is quoted content: any character, NUL included.
  findings: [{ rule: 'marking.level-star', category: 'state-secret-mark', severity: 'strong', evidence: '机密★\u0000', location: { part: 'body', line: 1 }, spans: [[0, 3]] }],
  parts: [{ part: 'body', bytes: 10, sha256: 'ab' }],
  sealed: randomBytes(64),
});

const doc = (n: number): Omit<RegisteredDocument, 'id'> => ({
  title: `文件${n}`,
  docNumber: `屏政发〔2024〕${n}号`,
  issuer: '南屏省人民政府',
  level: '机密',
  period: '10年',
  receivedOn: '2024-05-01',
  registeredBy: 'officer',
  registeredAt: 1_700_000_000_000 + n,
  chars: 100 + n,
  fingerprints: 3,
  countable: n === 2 ? null : 2,
  sha256: `sha-${n}-${randomBytes(4).toString('hex')}`,
});

export function storeContract(name: string, backend: () => Promise<Backend>): void {
  describe(`store contract: ${name}`, () => {
    let b: Backend;
    let store: Store;
    let other: Store;
    before(async () => {
      b = await backend();
      store = await b.open();
      other = await b.open();
    });
    after(async () => {
      await store?.close();
      await other?.close();
      await b?.cleanup();
    });

    it('is at the schema version this code writes', async () => {
      const { current, latest } = await store.schema();
      assert.ok(latest >= 1);
      assert.equal(current, latest);
      await store.ping();
    });

    it('keeps a hold whole: sealed bytes, findings, history, and lists it by state', async () => {
      const h = newHold('contract-1', 1000);
      await store.holds.create(h);
      const got = await other.holds.get(h.id);
      assert.equal(got?.state, 'pending');
      assert.deepEqual(got?.findings, h.findings);
      assert.deepEqual(got?.parts, h.parts);
      assert.deepEqual(got?.claims, ['editor1']);
      assert.deepEqual(got?.history, [{ at: 1000, actor: 'editor1', action: 'held' }]);
      assert.equal(got?.createdAt, 1000);
      assert.deepEqual(await other.holds.sealed(h.id), h.sealed);
      assert.equal(await store.holds.get('nope'), undefined);
      assert.equal(await store.holds.sealed('nope'), undefined);
      assert.deepEqual((await store.holds.list({ state: 'pending', limit: 10, offset: 0 })).map((x) => x.id), ['contract-1']);
      assert.deepEqual(await store.holds.list({ state: 'released', limit: 10, offset: 0 }), []);
      assert.deepEqual(await store.holds.pendingStats(), { count: 1, oldestCreatedAt: 1000 });
      assert.equal(await store.holds.count('pending'), 1);
    });

    it('releases a hold exactly once however many handles race for it (compare-and-set)', async () => {
      await store.holds.create(newHold('contract-race'));
      const attempts = Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).holds.transition('contract-race', ['pending'], 'releasing', { at: Date.now(), actor: `reviewer${i}`, action: 'release' }));
      const won = (await Promise.all(attempts)).filter(Boolean).length;
      assert.equal(won, 1);
      assert.equal(await store.holds.transition('contract-race', ['releasing'], 'released', { at: 5, actor: 'gateway', action: 'released' }, { upstreamStatus: 201 }), true);
      assert.equal(await store.holds.transition('contract-race', ['pending', 'releasing'], 'rejected', { at: 6, actor: 'x', action: 'reject' }, { reason: 'late' }), false);
      const h = (await other.holds.get('contract-race'))!;
      assert.equal(h.state, 'released');
      assert.equal(h.upstreamStatus, 201);
      assert.equal(h.reason, null);
      assert.deepEqual(h.history.map((e) => e.action), ['held', 'release', 'released']);
      assert.equal(h.updatedAt, 5);
      await store.holds.create(newHold('contract-reject'));
      assert.equal(await store.holds.transition('contract-reject', ['pending'], 'rejected', { at: 7, actor: 'r', action: 'reject' }, { reason: '涉密' }), true);
      assert.equal((await store.holds.get('contract-reject'))!.reason, '涉密');
      assert.equal(await store.holds.transition('missing', ['pending'], 'released', { at: 8, actor: 'r', action: 'x' }), false);
    });

    it('orders holds newest first (oldest first when asked) and pages them', async () => {
      for (let i = 0; i < 5; i++) await store.holds.create(newHold(`contract-page-${i}`, 10_000 + i));
      const states: HoldState[] = ['pending'];
      const first = await store.holds.list({ state: states[0], limit: 2, offset: 0 });
      const second = await store.holds.list({ state: states[0], limit: 2, offset: 2 });
      assert.deepEqual([...first, ...second].map((h) => h.id), ['contract-page-4', 'contract-page-3', 'contract-page-2', 'contract-page-1']);
      assert.ok((await store.holds.list({ limit: 100, offset: 0 })).length >= 8);
      await store.holds.create(newHold('contract-portal-a', 20_000, 'county-a'));
      await store.holds.create(newHold('contract-portal-b', 20_001, 'county-b'));
      assert.deepEqual((await other.holds.list({ portals: ['county-a'], limit: 10, offset: 0 })).map((h) => [h.id, h.portal]), [['contract-portal-a', 'county-a']]);
      assert.deepEqual((await other.holds.list({ state: 'pending', portals: ['county-b', 'county-a'], limit: 10, offset: 0 })).map((h) => h.id), ['contract-portal-b', 'contract-portal-a']);
      assert.deepEqual(await other.holds.list({ portals: [], limit: 10, offset: 0 }), []);
      assert.deepEqual((await other.holds.list({ state: 'pending', portals: ['county-b', 'county-a'], oldestFirst: true, limit: 1, offset: 0 })).map((h) => h.id), ['contract-portal-a'], 'a queue: who waited longest first');
    });

    it('finds an approval until it expires, and a new one replaces it', async () => {
      await store.approvals.add({ contentHash: 'c1', expiresAt: 2000, holdId: 'h1', approvedBy: 'r1', tag: 't1' });
      assert.deepEqual(await other.approvals.find('c1', 1999), { contentHash: 'c1', expiresAt: 2000, holdId: 'h1', approvedBy: 'r1', tag: 't1' });
      assert.equal(await other.approvals.find('c1', 2000), undefined);
      await other.approvals.add({ contentHash: 'c1', expiresAt: 3000, holdId: 'h2', approvedBy: 'r2', tag: 't2' });
      assert.equal((await store.approvals.find('c1', 2500))?.holdId, 'h2');
    });

    it('keeps one linear audit chain while two handles append at once', async () => {
      const key = randomBytes(32);
      const [a, c] = [new AuditTrail(store.audit, key), new AuditTrail(other.audit, key)];
      await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : c).append('contract', { n: i }, 1_000 + i)));
      const entries = [];
      for await (const e of store.audit.entries()) entries.push(e);
      assert.deepEqual(entries.map((e) => e.seq), Array.from({ length: 60 }, (_, i) => i + 1));
      assert.deepEqual(new Set(entries.map((e) => JSON.parse(e.record).n)).size, 60);
      assert.equal((await other.audit.head())?.seq, 60);
      const verified = await verifyAudit(other.audit, key);
      assert.deepEqual(verified.problems, []);
      assert.equal(verified.entries, 60);
      assert.equal((await verifyAudit(store.audit, randomBytes(32))).ok, false, 'another key does not verify');
      assert.deepEqual((await other.audit.recent(3)).map((e) => e.seq), [60, 59, 58], 'the viewer pages newest first');
      assert.deepEqual((await other.audit.recent(2, 3)).map((e) => e.seq), [2, 1]);
      assert.deepEqual(await store.audit.recent(5, 1), []);
    });

    it('stores registered documents with every k-gram hash, counts changes and tells other handles', async () => {
      let told = 0;
      const stop = other.onRegistryChange(() => told++);
      // Subscribing may itself report once (a listener that starts listening checks what it may have missed).
      await new Promise((r) => setTimeout(r, 500));
      told = 0;
      try {
        const v0 = await store.registry.version();
        const grams = Uint32Array.from([0, 1, 0xffffffff, 0x80000000, 12345]);
        const id1 = await store.registry.add(doc(1), grams);
        const id2 = await store.registry.add(doc(2), Uint32Array.from([7, 8, 9]));
        assert.ok(id2 > id1);
        assert.equal(await other.registry.version(), v0 + 2);
        const listed = await other.registry.list();
        assert.deepEqual(listed.map((d) => d.id), [id1, id2]);
        assert.deepEqual({ ...listed[0], id: 0 }, { ...doc(1), sha256: listed[0]!.sha256, id: 0 });
        const all: Array<[number, number[]]> = [];
        for await (const [id, g] of other.registry.grams()) all.push([id, [...g]]);
        assert.deepEqual(all, [[id1, [...grams]], [id2, [7, 8, 9]]]);
        const some: number[] = [];
        for await (const [id] of other.registry.grams([id2])) some.push(id);
        assert.deepEqual(some, [id2]);
        await assert.rejects(store.registry.add({ ...doc(3), sha256: listed[0]!.sha256 }, grams), 'the same file twice is refused');
        const removed = await other.registry.remove(id1);
        assert.equal(removed?.docNumber, doc(1).docNumber);
        assert.equal(await other.registry.remove(id1), undefined);
        assert.equal(await store.registry.version(), v0 + 3);
        assert.deepEqual((await store.registry.list()).map((d) => d.id), [id2]);
        const deadline = Date.now() + 3000;
        while (!told && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        assert.ok(told > 0, 'another handle hears of registry changes');
      } finally {
        stop();
      }
    });

    it('keeps the first value claimed for a setting, whichever handle claims it', async () => {
      const claims = await Promise.all(['a', 'b', 'c', 'd'].map((v, i) => (i % 2 ? store : other).settings.claim('contract', v)));
      assert.equal(new Set(claims).size, 1);
      assert.equal(await store.settings.claim('contract', 'later'), claims[0]);
    });

    it('keeps the fingerprint parameters it was first given', async () => {
      assert.equal(await store.registry.params('k=6,w=6'), 'k=6,w=6');
      assert.equal(await other.registry.params('k=7,w=6'), 'k=6,w=6');
      assert.equal(await other.registry.params(), 'k=6,w=6');
    });

    it('counts distinct allowed documents per fingerprint, forgets old ones and caps what it learns', async () => {
      const first = await store.learned.recordObservation({ sketch: [1, 2, 3], hashes: [100, 200] }, 1000, 0);
      assert.deepEqual([...first.entries()].sort(), [[100, 1], [200, 1]]);
      const seen = await other.learned.observationsSeeing([100], 10);
      assert.deepEqual(seen.map((o) => o.sketch), [[1, 2, 3]]);
      // The same document again adds nothing; a second one does.
      const again = await other.learned.recordObservation({ sameAs: seen[0]!.id, sketch: [1, 2, 3], hashes: [100] }, 1001, 0);
      assert.equal(again.get(100), 1);
      const second = await store.learned.recordObservation({ sketch: [4, 5], hashes: [100, 0xfffffffe] }, 1002, 0);
      assert.deepEqual([second.get(100), second.get(0xfffffffe)], [2, 1]);
      // Observations older than the window are forgotten.
      const later = await store.learned.recordObservation({ sketch: [6], hashes: [200] }, 5000, 1002);
      assert.equal(later.get(200), 1);
      assert.deepEqual((await store.learned.observationsSeeing([100], 10)).map((o) => o.sketch), [[4, 5]]);

      const added = await store.learned.add([{ hash: 100, docs: 3 }, { hash: 0xfffffffe, docs: 3 }, { hash: 300, docs: 4 }], 6000, 2);
      assert.deepEqual(added.map((f) => f.hash), [100, 0xfffffffe]);
      assert.deepEqual(await other.learned.add([{ hash: 300, docs: 5 }], 6001, 2), [], 'the cap holds');
      assert.deepEqual(await other.learned.add([{ hash: 100, docs: 9 }], 6002, 10), [], 'a fingerprint is learned once');
      const all = await other.learned.after(0);
      assert.deepEqual(all.map((f) => [f.hash, f.docs]), [[100, 3], [0xfffffffe, 3]]);
      assert.deepEqual((await other.learned.after(all[0]!.seq)).map((f) => f.hash), [0xfffffffe]);
    });

    it('creates users once, rotates their tokens, changes roles and portals, and finds only enabled ones by token', async () => {
      assert.equal(await store.users.create('li', 'reviewer', 'hash-1'), true);
      assert.equal(await other.users.create('li', 'admin', 'hash-x'), false, 'a name is taken once');
      assert.deepEqual(await other.users.byTokenHash('hash-1'), { name: 'li', role: 'reviewer' });
      assert.equal(await other.users.rotate('li', 'hash-2'), true);
      assert.equal(await store.users.byTokenHash('hash-1'), undefined);
      assert.equal(await store.users.rotate('nobody', 'hash-9'), false);
      assert.equal(await store.users.create('wang', 'reviewer', 'hash-3', ['county-a', 'county-b']), true);
      assert.deepEqual(await other.users.byTokenHash('hash-3'), { name: 'wang', role: 'reviewer', portals: ['county-a', 'county-b'] });
      assert.equal(await other.users.update('wang', { role: 'officer', portals: null }), true);
      assert.deepEqual(await store.users.byTokenHash('hash-3'), { name: 'wang', role: 'officer' });
      assert.equal(await store.users.update('wang', { portals: ['county-c'] }), true);
      assert.equal(await store.users.update('li', { disabled: true }), true);
      assert.equal(await other.users.byTokenHash('hash-2'), undefined, 'a disabled user is nobody');
      const listed = await other.users.list();
      assert.deepEqual(listed.map(({ createdAt, ...u }) => (assert.ok(createdAt > 0), u)), [
        { name: 'li', role: 'reviewer', disabled: true },
        { name: 'wang', role: 'officer', portals: ['county-c'], disabled: false },
      ]);
      assert.equal(await store.users.update('li', { disabled: false }), true);
      assert.deepEqual(await other.users.byTokenHash('hash-2'), { name: 'li', role: 'reviewer' });
      assert.equal(await store.users.update('nobody', { disabled: true }), false);
    });

    it('keeps console passwords, counts attempts to a lockout before checking them, and clears it on a right one', async () => {
      await store.users.create('zhao', 'reviewer', 'hash-z');
      assert.deepEqual(await other.users.credentials('zhao'), { user: { name: 'zhao', role: 'reviewer' }, passwordHash: null, failures: 0, lockedUntil: 0 });
      assert.equal(await store.users.setPassword('zhao', '$argon2id$fake'), true);
      assert.equal(await store.users.setPassword('nobody', '$argon2id$fake'), false);
      assert.equal(await other.users.signInAttempt('zhao', 1000, 3, 60_000), 1);
      const together = await Promise.all([1, 2, 3, 4].map((i) => (i % 2 ? store : other).users.signInAttempt('zhao', 1000, 3, 60_000)));
      assert.deepEqual(together.filter((n) => n !== undefined).sort(), [2, 3], 'of four at once, two more are let through: the third attempt locks');
      const locked = await store.users.credentials('zhao');
      assert.deepEqual([locked?.passwordHash, locked?.failures, locked?.lockedUntil], ['$argon2id$fake', 3, 61_000]);
      assert.equal(await other.users.signInAttempt('zhao', 61_000, 3, 60_000), 4, 'once the lock ends, one attempt (which locks again unless it is right)');
      await other.users.signInSucceeded('zhao');
      assert.deepEqual([(await store.users.credentials('zhao'))?.failures, (await store.users.credentials('zhao'))?.lockedUntil], [0, 0]);
      assert.equal(await store.users.signInAttempt('nobody', 1000, 3, 60_000), undefined);
      await store.users.update('zhao', { disabled: true });
      assert.equal(await other.users.credentials('zhao'), undefined, 'a disabled user cannot sign in');
      assert.equal(await other.users.byName('zhao'), undefined);
    });

    it('keeps sessions by hashed id, for enabled users, until they expire, end or the user is signed out everywhere', async () => {
      await store.users.create('qian', 'officer', 'hash-q', ['county-a']);
      await store.sessions.create('sid-1', { user: 'qian', csrf: 'c1', via: 'password', at: 1000 });
      await store.sessions.create('sid-2', { user: 'qian', csrf: 'c2', via: 'sso', at: 1000 });
      assert.deepEqual(await other.sessions.use('sid-1', 2000, 0, 500), { user: { name: 'qian', role: 'officer', portals: ['county-a'] }, csrf: 'c1', via: 'password', createdAt: 1000 });
      assert.equal(await other.sessions.use('sid-1', 3000, 1000, 0), undefined, 'begun too long ago');
      assert.equal(await other.sessions.use('sid-1', 3000, 0, 2000), undefined, 'unused too long');
      assert.ok(await other.sessions.use('sid-1', 3000, 0, 1999), 'use moves the idle clock');
      assert.equal(await store.sessions.use('sid-9', 3000, 0, 0), undefined);
      await store.users.update('qian', { role: 'reviewer' });
      assert.equal((await other.sessions.use('sid-2', 3000, 0, 0))?.user.role, 'reviewer', 'the role is the user\'s current one');
      await store.users.update('qian', { disabled: true });
      assert.equal(await other.sessions.use('sid-2', 3000, 0, 0), undefined, 'a disabled user\'s session is over');
      await store.users.update('qian', { disabled: false });
      await store.sessions.end('sid-2');
      assert.equal(await other.sessions.use('sid-2', 3000, 0, 0), undefined);
      await store.sessions.create('sid-3', { user: 'qian', csrf: 'c3', via: 'password', at: 3000 });
      assert.equal(await other.sessions.endFor('qian'), 2);
      assert.equal(await store.sessions.use('sid-3', 3000, 0, 0), undefined);
      await store.sessions.create('sid-4', { user: 'qian', csrf: 'c4', via: 'password', at: 100 });
      await store.sessions.create('sid-5', { user: 'qian', csrf: 'c5', via: 'password', at: 5000 });
      await other.sessions.purge(1000);
      assert.equal(await store.sessions.use('sid-4', 5000, 0, 0), undefined);
      assert.ok(await store.sessions.use('sid-5', 5000, 0, 0));
    });

    it('keeps a crawl frontier: each URL once per run, claimed by one handle, back in the queue after an interruption, tallied', async () => {
      const run = await store.crawls.begin('default', 'start http://portal/', 1000);
      const task = (url: string, depth = 1, kind: CrawlTask['kind'] = 'page'): CrawlTask => ({ url, kind, depth, referrer: depth ? 'http://portal/' : null });
      assert.equal(await store.crawls.enqueue(run.id, [task('http://portal/', 0), task('http://portal/a'), task('http://portal/a.pdf', 1, 'attachment'), task('http://portal/a')]), 3);
      assert.equal(await other.crawls.enqueue(run.id, [task('http://portal/a'), task('http://portal/b', 2)]), 1, 'a URL already in the run is not queued again');
      const [first, second] = await Promise.all([store.crawls.claim(run.id, 2), other.crawls.claim(run.id, 2)]);
      const claimed = [...first!, ...second!].map((t) => t.url).sort();
      assert.deepEqual(claimed, ['http://portal/', 'http://portal/a', 'http://portal/a.pdf', 'http://portal/b'], 'every task claimed once');
      assert.deepEqual((await store.crawls.claim(run.id, 5)), []);
      await store.crawls.settle(run.id, 'http://portal/', { outcome: 'allow' });
      await store.crawls.settle(run.id, 'http://portal/a.pdf', { outcome: 'unscanned', detail: 'too-large' });
      assert.equal(await other.crawls.unclaim(run.id), 2);
      assert.deepEqual((await store.crawls.claim(run.id, 5)).map((t) => [t.url, t.depth]), [['http://portal/a', 1], ['http://portal/b', 2]], 'fewest links from the start first');
      await store.crawls.settle(run.id, 'http://portal/a', { outcome: 'block' });
      assert.deepEqual(await other.crawls.tally(run.id), { queued: 0, claimed: 1, done: 3, outcomes: { allow: 1, block: 1, unscanned: 1 }, kinds: { page: 2, attachment: 1 } });
      const settled = await other.crawls.settled(run.id, 2);
      assert.deepEqual(settled.map((t) => [t.url, t.outcome, t.detail]), [['http://portal/', 'allow', undefined], ['http://portal/a', 'block', undefined]], 'discovery order');
      assert.deepEqual((await other.crawls.settled(run.id, 5, settled[1]!.seq)).map((t) => t.url), ['http://portal/a.pdf']);
      // WordPress items are taken by their listing, never handed out to be fetched.
      const items = [task('http://portal/?p=1', 0, 'wp-item'), task('http://portal/?p=2', 0, 'wp-item')];
      await store.crawls.enqueue(run.id, [items[1]!]);
      assert.deepEqual(await other.crawls.claim(run.id, 5), []);
      assert.deepEqual((await store.crawls.take(run.id, items)).map((t) => t.url), ['http://portal/?p=1', 'http://portal/?p=2'], 'new, and queued');
      assert.deepEqual(await other.crawls.take(run.id, items), [], 'taken already');
      for (const t of items) await store.crawls.settle(run.id, t.url, { outcome: 'allow' });
      assert.equal((await other.crawls.unfinished('default', 'start http://portal/'))?.id, run.id);
      await store.crawls.end(run.id, 'finished', 2000, { pages: 3 });
      assert.equal(await other.crawls.unfinished('default', 'start http://portal/'), undefined);
      const [last] = await other.crawls.runs(1);
      assert.deepEqual(last, { id: run.id, portal: 'default', source: 'start http://portal/', startedAt: 1000, finishedAt: 2000, state: 'finished', stats: { pages: 3 } });
    });

    it('remembers what each URL looked like at the last crawl', async () => {
      const page = { etag: '"v1"', lastModified: null, sha256: 'aa', verdict: 'allow', links: [{ url: 'http://portal/x', kind: 'page' as const, depth: 2, referrer: 'http://portal/p' }], checkedAt: 10 };
      assert.equal(await store.crawls.page('default', 'http://portal/p'), undefined);
      await store.crawls.savePage('default', 'http://portal/p', page);
      assert.deepEqual(await other.crawls.page('default', 'http://portal/p'), page);
      await other.crawls.savePage('default', 'http://portal/p', { ...page, etag: null, lastModified: 'Wed, 21 Oct 2026 07:28:00 GMT', checkedAt: 20 });
      assert.equal((await store.crawls.page('default', 'http://portal/p'))?.lastModified, 'Wed, 21 Oct 2026 07:28:00 GMT');
      assert.equal(await store.crawls.page('other-portal', 'http://portal/p'), undefined);
    });

    it('keeps one item per published content: seen again it is not new, taken down and still online it opens again', async () => {
      const item: PublishedFinding = {
        portal: 'default',
        url: 'http://portal/files/a.pdf',
        pageUrl: 'http://portal/news/1.html',
        title: '关于某事的通知',
        sha256: 'c1',
        verdict: 'block',
        findings: [{ rule: 'marking.level-star', category: 'state-secret-mark', severity: 'strong', evidence: '机密★\u0000', location: { part: 'file', page: 1 } }],
        run: 1,
      };
      const first = await store.published.record(item, 'p1', 1000);
      assert.equal(first.outcome, 'new');
      assert.deepEqual({ ...first.record, history: undefined }, { ...item, id: 'p1', state: 'open', foundAt: 1000, lastSeenAt: 1000, updatedAt: 1000, history: undefined, findings: item.findings });
      const again = await other.published.record({ ...item, run: 2 }, 'p2', 2000);
      assert.deepEqual([again.outcome, again.record.id, again.record.lastSeenAt, again.record.run], ['seen', 'p1', 2000, 2]);
      assert.ok(await store.published.transition('p1', ['open'], 'taken-down', { at: 2500, actor: 'qian', action: 'taken-down' }));
      assert.equal(await other.published.transition('p1', ['open'], 'false-alarm', { at: 2600, actor: 'zhao', action: 'false-alarm' }), false, 'decided already');
      const still = await other.published.record({ ...item, run: 3 }, 'p3', 3000);
      assert.deepEqual([still.outcome, still.record.state, still.record.history.map((e) => e.action)], ['reopened', 'open', ['found', 'taken-down', 'still-online']]);
      assert.equal((await store.published.record({ ...item, run: 3 }, 'p5', 3050)).outcome, 'seen', 'open: only seen');
      assert.ok(await store.published.transition('p1', ['open'], 'taken-down', { at: 3100, actor: 'qian', action: 'taken-down' }));
      const unchanged = await other.published.seenAgain('default', item.url, 'c1', 4, 3200);
      assert.deepEqual([unchanged?.outcome, unchanged?.record.state, unchanged?.record.lastSeenAt, unchanged?.record.run], ['reopened', 'open', 3200, 4]);
      assert.equal(await store.published.seenAgain('default', item.url, 'no-such-content', 4, 3200), undefined);
      const changed = await store.published.record({ ...item, sha256: 'c2', run: 3 }, 'p4', 3000);
      assert.equal(changed.outcome, 'new', 'new content at the same URL is a new item');
      assert.deepEqual((await other.published.list({ limit: 10, offset: 0 })).map((r) => r.id), ['p4', 'p1']);
      assert.deepEqual((await other.published.list({ state: 'open', portals: ['elsewhere'], limit: 10, offset: 0 })).length, 0);
      assert.equal(await other.published.count('open'), 2);
      // The URL is gone from the site: its undecided and taken-down items say so, once.
      assert.ok(await store.published.transition('p4', ['open'], 'false-alarm', { at: 3900, actor: 'zhao', action: 'false-alarm' }));
      const event = { at: 4000, actor: 'crawl', action: 'gone-from-site', detail: 'run 5: http-404' };
      const gone = await Promise.all([other.published.gone('default', item.url, event), store.published.gone('default', item.url, { ...event, at: 4001 })]);
      assert.deepEqual(gone.flat().map((r) => [r.id, r.history.at(-1)!.action]), [['p1', 'gone-from-site']], 'p1 (open) once, not p4 (a false alarm)');
      assert.deepEqual(await store.published.gone('default', item.url, { ...event, at: 4100 }), [], 'not again');
      assert.equal((await other.published.get('p1'))!.state, 'open', 'the state is the officer\'s to set');
    });
  });
}
