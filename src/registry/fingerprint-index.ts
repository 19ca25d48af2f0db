import type { Fingerprints } from '../detect/fingerprint/winnow.js';
import { radixSortPairs } from './radix-sort.js';

/** A k-gram's position in its document (14 bits) and a slot (18 bits) share one 32-bit reference. */
const positionBits = 14;
export const slotCapacity = 1 << positionBits;
const maxSlots = 2 ** (32 - positionBits);
const directoryBits = 20;
const directorySize = 1 << directoryBits;

/**
 * Registered fingerprints in typed arrays (a Map of 50 million entries would
 * not fit): a main segment sorted by hash and searched by bisection, plus a
 * small map of recent additions; removals are tombstones until the next
 * compaction. Each entry is 8 bytes: the keyed hash and a reference packing a
 * slot and the picked k-gram's position in the document, where matching
 * confirms it against the document's every k-gram. A document longer than
 * one slot's 16,384 positions takes several slots.
 */
export class FingerprintIndex {
  private keys: Uint32Array = new Uint32Array(0);
  private refs: Uint32Array = new Uint32Array(0);
  /**
   * Where each run of keys with the same top 20 bits starts: a lookup bisects
   * a few dozen entries instead of 27 steps of cache misses through 85 million
   * (4 MB).
   */
  private directory = new Uint32Array(directorySize + 1);
  private readonly recent = new Map<number, number[]>();
  private recentEntries = 0;
  /** slot → registered document id (0: free), and which of the document's slots it is. */
  private slotDoc: Int32Array = new Int32Array(1024);
  private slotPart: Int32Array = new Int32Array(1024);
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
    return this.keys.byteLength + this.refs.byteLength + this.directory.byteLength + this.slotDoc.byteLength + this.slotPart.byteLength;
  }

  has(doc: number): boolean {
    return this.slotsOf.has(doc);
  }

  ids(): number[] {
    return [...this.slotsOf.keys()];
  }

  /** Adds a document's fingerprints; goes to the recent map, or use addMany for bulk loads. */
  add(doc: number, fps: Fingerprints): void {
    const { hashes } = fps;
    const refs = new Uint32Array(hashes.length);
    this.assignSlots(doc, refs, 0, fps.positions);
    for (let i = 0; i < hashes.length; i++) {
      const list = this.recent.get(hashes[i]!);
      if (list) list.push(refs[i]!);
      else this.recent.set(hashes[i]!, [refs[i]!]);
    }
    this.recentEntries += hashes.length;
    if (this.recentEntries >= this.compactAfter) this.compact();
  }

  /** Bulk load (start-up): every document straight into the sorted segment, one sort. */
  addMany(docs: Array<[number, Fingerprints]>): void {
    const total = docs.reduce((n, [, f]) => n + f.hashes.length, 0);
    const keys = new Uint32Array(this.keys.length + total);
    const refs = new Uint32Array(keys.length);
    keys.set(this.keys);
    refs.set(this.refs);
    let at = this.keys.length;
    for (const [doc, fps] of docs) {
      keys.set(fps.hashes, at);
      this.assignSlots(doc, refs, at, fps.positions);
      at += fps.hashes.length;
    }
    radixSortPairs(keys, refs);
    this.keys = keys;
    this.refs = refs;
    this.indexDirectory();
  }

  private indexDirectory(): void {
    const dir = this.directory;
    dir.fill(0);
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) dir[(keys[i]! >>> (32 - directoryBits)) + 1]!++;
    for (let b = 1; b <= directorySize; b++) dir[b]! += dir[b - 1]!;
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

  /** Calls `visit` with the document and the k-gram's position in it for every live entry with this hash; returns how many there are. */
  lookup(hash: number, visit?: (doc: number, position: number) => void): number {
    let count = 0;
    const emit = (ref: number) => {
      const slot = ref >>> positionBits;
      const doc = this.slotDoc[slot]!;
      if (!doc) return;
      count++;
      visit?.(doc, this.slotBase(slot) + (ref & (slotCapacity - 1)));
    };
    const bucket = hash >>> (32 - directoryBits);
    let lo = this.directory[bucket]!;
    let hi = this.directory[bucket + 1]!;
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
    for (let i = 0; i < this.refs.length; i++) if (!removed.has(this.refs[i]! >>> positionBits)) live++;
    const keys = new Uint32Array(live + this.recentEntries);
    const refs = new Uint32Array(keys.length);
    let at = 0;
    for (let i = 0; i < this.refs.length; i++) {
      if (removed.has(this.refs[i]! >>> positionBits)) continue;
      keys[at] = this.keys[i]!;
      refs[at++] = this.refs[i]!;
    }
    for (const [hash, list] of this.recent) {
      for (const ref of list) {
        if (removed.has(ref >>> positionBits)) continue;
        keys[at] = hash;
        refs[at++] = ref;
      }
    }
    this.keys = keys.subarray(0, at);
    this.refs = refs.subarray(0, at);
    radixSortPairs(this.keys, this.refs);
    this.indexDirectory();
    this.recent.clear();
    this.recentEntries = 0;
    // Removed slots are free again only now that no entry points at them.
    for (const s of removed) this.freeSlots.push(s);
    this.removedSlots = new Set();
  }

  private slotBase(slot: number): number {
    return this.slotPart[slot]! * slotCapacity;
  }

  /** The compacted index as arrays, for a snapshot file: loading one skips reading and sorting every fingerprint. */
  arrays(): { keys: Uint32Array; refs: Uint32Array; slotDoc: Int32Array; slotPart: Int32Array } {
    this.compact();
    return { keys: this.keys, refs: this.refs, slotDoc: this.slotDoc.subarray(0, this.nextSlot), slotPart: this.slotPart.subarray(0, this.nextSlot) };
  }

  static fromArrays(a: { keys: Uint32Array; refs: Uint32Array; slotDoc: Int32Array; slotPart: Int32Array }, compactAfter?: number): FingerprintIndex {
    const index = new FingerprintIndex(compactAfter);
    index.keys = a.keys;
    index.refs = a.refs;
    index.indexDirectory();
    const size = Math.max(1024, a.slotDoc.length);
    index.slotDoc = new Int32Array(size);
    index.slotPart = new Int32Array(size);
    index.slotDoc.set(a.slotDoc);
    index.slotPart.set(a.slotPart);
    index.nextSlot = Math.max(1, a.slotDoc.length);
    for (let s = 1; s < index.nextSlot; s++) {
      const doc = index.slotDoc[s]!;
      if (!doc) {
        index.freeSlots.push(s);
        continue;
      }
      const slots = index.slotsOf.get(doc) ?? [];
      slots[index.slotPart[s]!] = s;
      index.slotsOf.set(doc, slots);
    }
    return index;
  }

  /** Gives a document its slots and writes the references of its picks' `positions` into `refs` from `at`. */
  private assignSlots(doc: number, refs: Uint32Array, at: number, positions: Uint32Array): void {
    if (this.slotsOf.has(doc)) throw new Error(`document ${doc} is already indexed`);
    const slots: number[] = [];
    const last = positions.length ? positions[positions.length - 1]! : 0;
    for (let n = 0; n <= Math.floor(last / slotCapacity); n++) {
      const slot = this.freeSlots.pop() ?? this.nextSlot++;
      if (slot >= maxSlots) throw new Error(`fingerprint index is full (${maxSlots} slots)`);
      if (slot >= this.slotDoc.length) {
        const size = Math.min(maxSlots, this.slotDoc.length * 2);
        const [doc2, part2] = [new Int32Array(size), new Int32Array(size)];
        doc2.set(this.slotDoc);
        part2.set(this.slotPart);
        [this.slotDoc, this.slotPart] = [doc2, part2];
      }
      this.slotDoc[slot] = doc;
      this.slotPart[slot] = n;
      slots.push(slot);
    }
    this.slotsOf.set(doc, slots);
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      refs[at + i] = ((slots[Math.floor(p / slotCapacity)]! << positionBits) | (p & (slotCapacity - 1))) >>> 0;
    }
  }
}
