import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { AuditTrail } from '../audit/chain.js';
import { canonical } from '../detect/fingerprint/canonical.js';
import { Winnower, type Fingerprints } from '../detect/fingerprint/winnow.js';
import type { Policy } from '../policy/schema.js';
import type { Storage } from '../storage.js';
import type { RegisteredDocument, SecretLevel, Store } from '../store/store.js';
import { Baseline } from './baseline.js';
import { FingerprintIndex } from './fingerprint-index.js';
import { DocumentGrams } from './grams.js';
import { withoutIssuerLines } from './issuer-lines.js';
import { LearnedPhrasing } from './learned.js';
import { findMatches, type RegistryMatch } from './match.js';
import { observing, type Observation } from './observation.js';
import type { Discounts } from './runs.js';
import { readSnapshot, writeSnapshot, type SnapshotStamp } from './snapshot.js';
import { indexFromShared, shareIndex, type SharedIndex } from './shared-index.js';

export interface Registration {
  title?: string;
  docNumber?: string;
  issuer?: string;
  level: SecretLevel;
  period?: string;
  receivedOn?: string;
}

export class RegistryError extends Error {
  constructor(
    readonly code: 'duplicate' | 'no-text' | 'not-found' | 'parameters',
    message: string,
  ) {
    super(message);
  }
}

export interface RegisteredMatch extends RegistryMatch {
  document: RegisteredDocument;
}

/**
 * The registry of received classified documents: every k-gram's keyed hash
 * in the store (never the text), in memory the winnowed index and those
 * hashes, loaded at start and updated on every change, boilerplate learned
 * from allowed traffic, and every change an audit entry.
 */
export class Registry {
  private readonly winnower: Winnower;
  private readonly discounts: Discounts;
  private readonly learned: LearnedPhrasing;
  private readonly documents = new Map<number, RegisteredDocument>();
  /** Per document, its k-grams that are not baseline phrasing: what coverage is a share of. */
  private readonly countable = new Map<number, number>();
  /** File sha256 → registration, so refusing a duplicate is a lookup, not a scan of every registration. */
  private readonly bySha256 = new Map<string, number>();
  /** Names the key in snapshot stamps without revealing it. */
  private readonly keyId: string;

  /** The store's registry version the index was last reconciled with. */
  private version = 0;
  private snapshotVersion = -1;

  private constructor(
    private readonly store: Store,
    /** Absent in a scan worker, which only matches. */
    private readonly audit: AuditTrail | undefined,
    secret: Buffer,
    private readonly policy: Policy['registry'],
    private index: FingerprintIndex,
    private grams: DocumentGrams,
    private readonly snapshotFile: string | undefined,
  ) {
    this.winnower = new Winnower(secret, { k: policy.k, w: policy.w });
    this.learned = new LearnedPhrasing(store, audit, policy);
    const baseline = Baseline.fromFiles(this.winnower);
    this.discounts = { baseline, learnedIn: (doc) => this.learned.in(doc, this.grams.get(doc)!, () => this.countableIn(doc)) };
    this.keyId = createHmac('sha256', secret).update('baomi registry key id').digest('hex').slice(0, 16);
  }

  /**
   * Loads the index: from the snapshot file when it was taken at the store's
   * current version with the same key and parameters (a read), else from every
   * registered document's k-gram hashes (a read, winnowing and a sort), then writes a
   * fresh snapshot. Fingerprints made with other k or w never match: the
   * registry keeps the parameters it was built with and refuses others, and
   * documents registered before every k-gram's hash was kept.
   */
  static async open(store: Store, audit: AuditTrail | undefined, secret: Buffer, policy: Policy['registry'], options: { snapshot?: string; shared?: SharedIndex } = {}): Promise<Registry> {
    const params = `k=${policy.k},w=${policy.w}`;
    const built = await store.registry.params(params);
    if (built !== params) {
      throw new RegistryError('parameters', `the registry's fingerprints were made with ${built}, the policy says ${params}: restore registry.k and registry.w, or register the documents again in a new data directory`);
    }
    const registry = new Registry(store, audit, secret, policy, new FingerprintIndex(), new DocumentGrams(), options.snapshot);
    const version = await store.registry.version();
    for (const doc of await store.registry.list()) registry.remember(doc);
    await registry.learned.load();
    const loaded = options.shared ? indexFromShared(options.shared) : options.snapshot ? readSnapshot(options.snapshot, registry.stamp(version)) : undefined;
    if (loaded) {
      ({ index: registry.index, grams: registry.grams } = loaded);
      registry.snapshotVersion = options.shared ? -1 : version;
      registry.version = options.shared?.version ?? version;
      // Documents changed between the version read and the listing are reconciled by id.
      await registry.reconcile();
    } else {
      const all: Array<[number, Fingerprints]> = [];
      for await (const [id, grams] of store.registry.grams()) {
        if (!registry.documents.has(id)) continue;
        registry.grams.set(id, grams);
        all.push([id, registry.winnower.select(grams)]);
      }
      const old = [...registry.documents.keys()].filter((id) => !registry.grams.get(id));
      if (old.length) throw new RegistryError('parameters', `documents ${old.map((id) => `#${id}`).join(', ')} were registered before the registry kept every k-gram, and cannot be measured: register them again in a new data directory`);
      registry.index.addMany(all);
      registry.version = version;
      registry.saveSnapshot();
    }
    return registry;
  }

  /**
   * The index in shared memory for scan workers (`open` with `shared`); this
   * registry then uses the shared arrays too, so the process holds one copy.
   */
  share(): SharedIndex {
    const shared = shareIndex(this.index, this.grams, this.version);
    ({ index: this.index, grams: this.grams } = indexFromShared(shared));
    return shared;
  }

  /**
   * The registry of an installation's storage. With the embedded store the
   * index's snapshot sits beside it in the data directory; with PostgreSQL
   * each replica builds its index from the database, depending on no file
   * another replica wrote.
   */
  static async openIn(storage: Storage, audit: AuditTrail, policy: Policy['registry']): Promise<Registry> {
    const snapshot = storage.location.backend === 'sqlite' ? join(storage.config.dataDir, 'registry.idx') : undefined;
    return Registry.open(storage.store, audit, await storage.checkedKey('registry'), policy, { snapshot });
  }

  private stamp(version: number): SnapshotStamp {
    return { version, keyId: this.keyId, k: this.policy.k, w: this.policy.w };
  }

  private saveSnapshot(): void {
    if (!this.snapshotFile || this.snapshotVersion === this.version) return;
    writeSnapshot(this.snapshotFile, this.index, this.grams, this.stamp(this.version));
    this.snapshotVersion = this.version;
  }

  /**
   * Picks up documents registered or removed, and boilerplate learned, by
   * another process (the CLI, another replica, the gateway for its workers).
   * One refresh runs at a time: a call made during one waits for it and then
   * runs again (the change it was told of may have come after the first read).
   * The version is recorded only once the index holds it, so a refresh cut
   * short (a lost connection) is simply done again next time.
   */
  refresh(): Promise<void> {
    const run = (this.refreshing ?? Promise.resolve()).then(() => this.refreshOnce());
    // The queue itself never rejects: the caller of each refresh gets its own failure.
    const tail = run.catch(() => {});
    this.refreshing = tail;
    void tail.then(() => {
      if (this.refreshing === tail) this.refreshing = undefined;
    });
    return run;
  }

  private refreshing: Promise<void> | undefined;

  private async refreshOnce(): Promise<void> {
    await this.learned.load();
    const version = await this.store.registry.version();
    if (version === this.version) return;
    const current = new Map((await this.store.registry.list()).map((d) => [d.id, d]));
    for (const id of [...this.documents.keys()]) if (!current.has(id)) this.forget(id);
    for (const doc of current.values()) this.remember(doc);
    await this.reconcile();
    this.version = version;
  }

  /** Makes the index hold exactly the documents in `documents`. */
  private async reconcile(): Promise<void> {
    for (const id of this.index.ids()) if (!this.documents.has(id)) this.unindex(id);
    const missing = [...this.documents.keys()].filter((id) => !this.index.has(id));
    if (missing.length) for await (const [id, grams] of this.store.registry.grams(missing)) this.indexDocument(id, grams);
  }

  private indexDocument(id: number, grams: Uint32Array): void {
    this.grams.set(id, grams);
    this.index.add(id, this.winnower.select(grams));
  }

  private unindex(id: number): void {
    this.index.remove(id);
    this.grams.delete(id);
    this.countable.delete(id);
  }

  /** A document's k-grams that are not public phrasing (computed once). */
  private countableIn(id: number): number {
    let n = this.countable.get(id);
    if (n === undefined) this.countable.set(id, (n = this.documents.get(id)?.countable ?? this.discounts.baseline.countableFromHashes(this.grams.get(id) ?? new Uint32Array(0))));
    return n;
  }

  /** Writes the snapshot if the index changed since it was taken, so the next start is a read. */
  async close(): Promise<void> {
    await this.refresh();
    this.saveSnapshot();
  }

  private remember(doc: RegisteredDocument): void {
    this.documents.set(doc.id, doc);
    this.bySha256.set(doc.sha256, doc.id);
  }

  private forget(id: number): void {
    const doc = this.documents.get(id);
    if (doc) this.bySha256.delete(doc.sha256);
    this.documents.delete(id);
  }

  get size(): number {
    return this.documents.size;
  }

  list(): RegisteredDocument[] {
    return [...this.documents.values()];
  }

  /** Registers one document from its extracted text (the caller extracts: any format, scans included). */
  async add(text: string, bytes: Buffer, meta: Registration, by: string): Promise<RegisteredDocument> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = this.bySha256.get(sha256);
    if (existing !== undefined) throw new RegistryError('duplicate', `this file is already registered as #${existing}`);
    const c = canonical(withoutIssuerLines(text));
    const grams = this.winnower.grams(c.text);
    // Shorter than one window, nothing in it could ever be measured.
    if (grams.length < this.policy.w) throw new RegistryError('no-text', `too little text to fingerprint (${c.text.length} characters)`);
    const record: Omit<RegisteredDocument, 'id'> = {
      title: meta.title ?? null,
      docNumber: meta.docNumber ?? null,
      issuer: meta.issuer ?? null,
      level: meta.level,
      period: meta.period ?? null,
      receivedOn: meta.receivedOn ?? null,
      registeredBy: by,
      registeredAt: Date.now(),
      chars: c.text.length,
      fingerprints: grams.length,
      countable: this.discounts.baseline.countable(c.text),
      sha256,
    };
    const id = await this.store.registry.add(record, grams);
    const doc = { id, ...record };
    this.remember(doc);
    this.indexDocument(id, grams);
    await this.audit?.append('registry.add', { id, level: doc.level, docNumber: doc.docNumber, sha256, chars: doc.chars, by });
    return doc;
  }

  async remove(id: number, by: string): Promise<RegisteredDocument> {
    const doc = await this.store.registry.remove(id);
    if (!doc) throw new RegistryError('not-found', `no registered document #${id}`);
    this.forget(id);
    this.unindex(id);
    await this.audit?.append('registry.remove', { id, docNumber: doc.docNumber, sha256: doc.sha256, by });
    return doc;
  }

  /**
   * Registered documents the text shares passages with, most evidence first;
   * spans are offsets in `text`. Below the hold length and the block coverage
   * a document is not reported, but what the text shared goes to the scan's
   * observation (see observation.ts), for learning boilerplate.
   */
  match(text: string): RegisteredMatch[] {
    if (!this.documents.size) return [];
    const c = canonical(text);
    const p = this.policy;
    const result = findMatches(c.text, this.winnower, this.index, this.grams, this.discounts, (id) => this.countableIn(id), { ...p, minPassageChars: p.holdChars });
    observing.getStore()?.add(c.text, p.k, result);
    return result.matches
      .filter((m) => m.matchedChars >= p.holdChars || m.coverage >= p.blockCoverage)
      .map((m) => ({ ...m, spans: m.spans.map(([s, e]): [number, number] => [c.map[s]!, c.map[e]!]), document: this.documents.get(m.doc)! }));
  }

  /** Learns from one allowed document's observation (on the gateway's thread, which has the audit trail); returns the fingerprints promoted. */
  observe(o: Observation): Promise<number[]> {
    return this.learned.observe(o);
  }

  /** How many fingerprints have been learned to be boilerplate. */
  get learnedSize(): number {
    return this.learned.size;
  }
}

/** Whether a YYYY-MM-DD string names a real calendar day (2024-13-45 does not). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
