import { radixSortPairs } from './radix-sort.js';

/** Fingerprint ordinals per slot (14 bits) and slots (18 bits) share one 32-bit reference. */
const ordinalBits = 14;
export const slotCapacity = 1 << ordinalBits;
const maxSlots = 2 ** (32 - ordinalBits);

export interface Hit {
  doc: number;
  /** The fingerprint's ordinal in the registered document. */
  ordinal: number;
}

/**
 * Registered fingerprints in typed arrays (a Map of 50 million entries would
 * not fit): a main segment sorted by hash and searched by bisection, plus a
 * small map of recent additions; removals are tombstones until the next
 * compaction. Each entry is 8 bytes: the keyed hash and a reference packing a
 * slot and the fingerprint's ordinal. A document longer than one slot's
 * 16,384 fingerprints takes several slots.
 */
export class FingerprintIndex {
  private keys = new Uint32Array(0);
  private refs = new Uint32Array(0);
  private readonly recent = new Map<number, number[]>();
  private recentEntries = 0;
  /** slot → registered document id (0: free). */
  private slotDoc = new Int32Array(1024);
  private readonly slotsOf = new Map<number, number[]>();
  private readonly freeSlots: number[] = [];
  private nextSlot = 1;
  private removedSlots = new Set<number>();

  constructor(private readonly compactAfter = 1_000_000) {}

  get documents(): number {
    return this.slotsOf.size;
  }

  get entries(): number {
    return this.keys.length + this.recentEntries;
  }

  /** Bytes held by the typed arrays (the recent map is bounded by `compactAfter`). */
  get bytes(): number {
    return this.keys.byteLength + this.refs.byteLength + this.slotDoc.byteLength;
  }

  has(doc: number): boolean {
    return this.slotsOf.has(doc);
  }

  /** Adds a document's fingerprint hashes (ordinal = index); goes to the recent map, or use addMany for bulk loads. */
  add(doc: number, hashes: Uint32Array): void {
    const refs = this.assignSlots(doc, hashes.length);
    for (let i = 0; i < hashes.length; i++) {
      const list = this.recent.get(hashes[i]!);
      if (list) list.push(refs(i));
      else this.recent.set(hashes[i]!, [refs(i)]);
    }
    this.recentEntries += hashes.length;
    if (this.recentEntries >= this.compactAfter) this.compact();
  }

  /** Bulk load (start-up): every document straight into the sorted segment, one sort. */
  addMany(docs: Array<[number, Uint32Array]>): void {
    const total = docs.reduce((n, [, h]) => n + h.length, 0);
    const keys = new Uint32Array(this.keys.length + total);
    const refs = new Uint32Array(keys.length);
    keys.set(this.keys);
    refs.set(this.refs);
    let at = this.keys.length;
    for (const [doc, hashes] of docs) {
      const ref = this.assignSlots(doc, hashes.length);
      keys.set(hashes, at);
      for (let i = 0; i < hashes.length; i++) refs[at + i] = ref(i);
      at += hashes.length;
    }
    radixSortPairs(keys, refs);
    this.keys = keys;
    this.refs = refs;
  }

  remove(doc: number): boolean {
    const slots = this.slotsOf.get(doc);
    if (!slots) return false;
    this.slotsOf.delete(doc);
    for (const s of slots) {
      this.slotDoc[s] = 0;
      this.removedSlots.add(s);
    }
    return true;
  }

  /** Calls `visit` for every live entry with this hash; returns how many there are (document frequency, roughly). */
  lookup(hash: number, visit?: (hit: Hit) => void): number {
    let count = 0;
    const emit = (ref: number) => {
      const slot = ref >>> ordinalBits;
      const doc = this.slotDoc[slot]!;
      if (!doc) return;
      count++;
      visit?.({ doc, ordinal: this.slotBase(doc, slot) + (ref & (slotCapacity - 1)) });
    };
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.keys.length && this.keys[i] === hash; i++) emit(this.refs[i]!);
    for (const ref of this.recent.get(hash) ?? []) emit(ref);
    return count;
  }

  /** Merges recent additions into the sorted segment and drops removed entries. */
  compact(): void {
    const removed = this.removedSlots;
    let live = 0;
    for (let i = 0; i < this.refs.length; i++) if (!removed.has(this.refs[i]! >>> ordinalBits)) live++;
    const keys = new Uint32Array(live + this.recentEntries);
    const refs = new Uint32Array(keys.length);
    let at = 0;
    for (let i = 0; i < this.refs.length; i++) {
      if (removed.has(this.refs[i]! >>> ordinalBits)) continue;
      keys[at] = this.keys[i]!;
      refs[at++] = this.refs[i]!;
    }
    for (const [hash, list] of this.recent) {
      for (const ref of list) {
        if (removed.has(ref >>> ordinalBits)) continue;
        keys[at] = hash;
        refs[at++] = ref;
      }
    }
    this.keys = keys.subarray(0, at);
    this.refs = refs.subarray(0, at);
    radixSortPairs(this.keys, this.refs);
    this.recent.clear();
    this.recentEntries = 0;
    // Removed slots are free again only now that no entry points at them.
    for (const s of removed) this.freeSlots.push(s);
    this.removedSlots = new Set();
  }

  private slotBase(doc: number, slot: number): number {
    const slots = this.slotsOf.get(doc)!;
    return slots.length === 1 ? 0 : slots.indexOf(slot) * slotCapacity;
  }

  private assignSlots(doc: number, fingerprints: number): (ordinal: number) => number {
    if (this.slotsOf.has(doc)) throw new Error(`document ${doc} is already indexed`);
    const slots: number[] = [];
    for (let n = 0; n < Math.max(1, Math.ceil(fingerprints / slotCapacity)); n++) {
      const slot = this.freeSlots.pop() ?? this.nextSlot++;
      if (slot >= maxSlots) throw new Error(`fingerprint index is full (${maxSlots} slots)`);
      if (slot >= this.slotDoc.length) {
        const grown = new Int32Array(Math.min(maxSlots, this.slotDoc.length * 2));
        grown.set(this.slotDoc);
        this.slotDoc = grown;
      }
      this.slotDoc[slot] = doc;
      slots.push(slot);
    }
    this.slotsOf.set(doc, slots);
    return (ordinal) => ((slots[Math.floor(ordinal / slotCapacity)]! << ordinalBits) | (ordinal & (slotCapacity - 1))) >>> 0;
  }
}
