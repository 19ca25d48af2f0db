/**
 * Every registered document's keyed k-gram hashes in text order (4 bytes per
 * canonical character, never the text): once a shared fingerprint points at
 * a region, the match is confirmed and measured against all of them, so its
 * length is a property of the two texts and not of the key's picks. Loaded in
 * bulk as views into one array (a snapshot, a SharedArrayBuffer); later
 * registrations get arrays of their own.
 */
export class DocumentGrams {
  private readonly byDoc = new Map<number, Uint32Array>();

  get(doc: number): Uint32Array | undefined {
    return this.byDoc.get(doc);
  }

  set(doc: number, grams: Uint32Array): void {
    this.byDoc.set(doc, grams);
  }

  delete(doc: number): void {
    this.byDoc.delete(doc);
  }

  get bytes(): number {
    let n = 0;
    for (const g of this.byDoc.values()) n += g.byteLength;
    return n;
  }

  /** Every document's hashes end to end, and where each starts, for a snapshot or shared memory. */
  arrays(): { ids: Int32Array; offsets: Uint32Array; data: Uint32Array } {
    const ids = Int32Array.from(this.byDoc.keys());
    const offsets = new Uint32Array(ids.length + 1);
    ids.forEach((id, i) => (offsets[i + 1] = offsets[i]! + this.byDoc.get(id)!.length));
    const data = new Uint32Array(offsets[ids.length]!);
    ids.forEach((id, i) => data.set(this.byDoc.get(id)!, offsets[i]!));
    return { ids, offsets, data };
  }

  static fromArrays(a: { ids: Int32Array; offsets: Uint32Array; data: Uint32Array }): DocumentGrams {
    const grams = new DocumentGrams();
    a.ids.forEach((id, i) => grams.set(id, a.data.subarray(a.offsets[i]!, a.offsets[i + 1]!)));
    return grams;
  }
}
