import type { AuditTrail } from '../audit/chain.js';
import type { Policy } from '../policy/schema.js';
import type { Store } from '../store/store.js';
import { similarity, type Observation } from './observation.js';

type LearnPolicy = Pick<Policy['registry'], 'learnAfterDocs' | 'learnMax' | 'learnMaxShare' | 'learnSameDocument' | 'learnWindowDays'>;

/**
 * Boilerplate learned from the portal's own allowed traffic: a fingerprint
 * that `learnAfterDocs` distinct allowed documents shared with the registry
 * is the portal's stock phrasing, not evidence. Capped twice: `learnMax`
 * fingerprints in all, and in any one registered document learning
 * discounts at most `learnMaxShare` of its k-grams (the earliest learned
 * first), so publishing a registered document piece by piece never makes
 * the document itself pass.
 */
export class LearnedPhrasing {
  /** Learned hash → promotion order. */
  private readonly order = new Map<number, number>();
  private last = 0;
  private readonly perDocument = new Map<number, ReadonlySet<number> | undefined>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    /** Absent in a scan worker, which only matches. */
    private readonly audit: AuditTrail | undefined,
    private readonly policy: LearnPolicy,
  ) {}

  get size(): number {
    return this.order.size;
  }

  /** Picks up fingerprints learned since the last look (here or by another process). */
  async load(): Promise<void> {
    const added = await this.store.learned.after(this.last);
    for (const f of added) this.order.set(f.hash, f.seq);
    if (added.length) {
      this.last = added.at(-1)!.seq;
      this.perDocument.clear();
    }
  }

  /** The learned hashes discounted in one registered document: as many of its `countable` k-grams as its share allows, earliest learned first. */
  in(doc: number, grams: Uint32Array, countable: () => number): ReadonlySet<number> | undefined {
    if (!this.order.size) return undefined;
    if (this.perDocument.has(doc)) return this.perDocument.get(doc);
    const occurrences = new Map<number, number>();
    for (const h of grams) if (this.order.has(h)) occurrences.set(h, (occurrences.get(h) ?? 0) + 1);
    let room = Math.floor(this.policy.learnMaxShare * countable());
    const discounted = new Set<number>();
    for (const h of [...occurrences.keys()].sort((a, b) => this.order.get(a)! - this.order.get(b)!)) {
      if (occurrences.get(h)! > room) break;
      room -= occurrences.get(h)!;
      discounted.add(h);
    }
    const out = discounted.size ? discounted : undefined;
    this.perDocument.set(doc, out);
    return out;
  }

  /**
   * Counts an allowed document's shared fingerprints (a re-send of a
   * document seen before counts once) and promotes those now seen in enough
   * distinct documents, each promotion an audit entry. Returns the promoted
   * hashes.
   */
  observe(o: Observation, now = Date.now()): Promise<number[]> {
    // One at a time: two copies of one document arriving together must not both count as new.
    const next = this.queue.then(() => this.count(o, now));
    this.queue = next.catch(() => {});
    return next;
  }

  private async count(o: Observation, now: number): Promise<number[]> {
    const hashes = o.hashes.filter((h) => !this.order.has(h));
    if (!hashes.length) return [];
    const p = this.policy;
    const same = (await this.store.learned.observationsSeeing(hashes, 500)).find((seen) => similarity(seen.sketch, o.sketch) >= p.learnSameDocument);
    const counts = await this.store.learned.recordObservation({ sameAs: same?.id, sketch: o.sketch, hashes }, now, now - p.learnWindowDays * 86_400_000);
    const due = hashes.filter((h) => (counts.get(h) ?? 0) >= p.learnAfterDocs).map((hash) => ({ hash, docs: counts.get(hash)! }));
    if (!due.length) return [];
    const added = await this.store.learned.add(due, now, p.learnMax);
    if (!added.length) return [];
    await this.audit?.append('registry.learn', { fingerprints: added.map((f) => f.hash.toString(16).padStart(8, '0')), docs: added.map((f) => f.docs), learned: this.order.size + added.length }, now);
    await this.load();
    return added.map((f) => f.hash);
  }
}
