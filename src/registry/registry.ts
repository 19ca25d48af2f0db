import { createHash } from 'node:crypto';
import type { AuditTrail } from '../audit/chain.js';
import { canonical } from '../detect/fingerprint/canonical.js';
import { Winnower } from '../detect/fingerprint/winnow.js';
import type { Policy } from '../policy/schema.js';
import type { RegisteredDocument, SecretLevel, Store } from '../store/store.js';
import { baselineHashes } from './baseline.js';
import { FingerprintIndex } from './fingerprint-index.js';
import { findMatches, type RegistryMatch } from './match.js';

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
    readonly code: 'duplicate' | 'no-text' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}

export interface RegisteredMatch extends RegistryMatch {
  document: RegisteredDocument;
}

/**
 * The registry of received classified documents: keyed fingerprints in the
 * store (never the text), an in-memory index loaded at start and updated on
 * every change, and every change an audit entry.
 */
export class Registry {
  private readonly winnower: Winnower;
  private readonly boilerplate: Set<number>;
  private readonly documents = new Map<number, RegisteredDocument>();

  private constructor(
    private readonly store: Store,
    private readonly audit: AuditTrail,
    secret: Buffer,
    private readonly policy: Policy['registry'],
    private readonly index: FingerprintIndex,
  ) {
    this.winnower = new Winnower(secret, { k: policy.k, w: policy.w });
    this.boilerplate = baselineHashes(this.winnower);
  }

  /** Loads every registered document's fingerprints into one sorted index. */
  static async open(store: Store, audit: AuditTrail, secret: Buffer, policy: Policy['registry']): Promise<Registry> {
    const registry = new Registry(store, audit, secret, policy, new FingerprintIndex());
    for (const doc of await store.listRegistered()) registry.documents.set(doc.id, doc);
    const all: Array<[number, Uint32Array]> = [];
    for await (const entry of store.registeredFingerprints()) all.push(entry);
    registry.index.addMany(all);
    return registry;
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
    const existing = this.list().find((d) => d.sha256 === sha256);
    if (existing) throw new RegistryError('duplicate', `this file is already registered as #${existing.id}`);
    const c = canonical(text);
    const { hashes } = this.winnower.fingerprints(c.text);
    if (hashes.length < 2) throw new RegistryError('no-text', `too little text to fingerprint (${c.text.length} characters)`);
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
      fingerprints: hashes.length,
      sha256,
    };
    const id = await this.store.addRegistered(record, hashes);
    const doc = { id, ...record };
    this.documents.set(id, doc);
    this.index.add(id, hashes);
    await this.audit.append('registry.add', { id, level: doc.level, docNumber: doc.docNumber, sha256, chars: doc.chars, by });
    return doc;
  }

  async remove(id: number, by: string): Promise<RegisteredDocument> {
    const doc = await this.store.removeRegistered(id);
    if (!doc) throw new RegistryError('not-found', `no registered document #${id}`);
    this.documents.delete(id);
    this.index.remove(id);
    await this.audit.append('registry.remove', { id, docNumber: doc.docNumber, sha256: doc.sha256, by });
    return doc;
  }

  /** Registered documents the text shares passages with, most evidence first; spans are offsets in `text`. */
  match(text: string): RegisteredMatch[] {
    if (!this.documents.size) return [];
    const c = canonical(text);
    const p = this.policy;
    return findMatches(c.text, this.winnower, this.index, this.boilerplate, (id) => this.documents.get(id)?.fingerprints ?? 1, p)
      .filter((m) => m.matchedChars >= p.holdChars || m.coverage >= p.blockCoverage)
      .map((m) => ({ ...m, spans: m.spans.map(([s, e]): [number, number] => [c.map[s]!, c.map[e]!]), document: this.documents.get(m.doc)! }));
  }
}
