import { FingerprintIndex } from './fingerprint-index.js';

/**
 * The registry index's sorted arrays in one SharedArrayBuffer, so every scan
 * worker reads the same 8 bytes per fingerprint instead of holding a copy
 * (657 MB at 100,000 documents). Workers never write these arrays: a
 * FingerprintIndex replaces its arrays (compaction, bulk load) rather than
 * changing them, and keeps its own slot tables and recent additions.
 */
export interface SharedIndex {
  buffer: SharedArrayBuffer;
  keys: number;
  slots: number;
  /** The store's registry version the arrays were taken at. */
  version: number;
}

export function shareIndex(index: FingerprintIndex, version: number): SharedIndex {
  const a = index.arrays();
  const buffer = new SharedArrayBuffer((a.keys.length * 2 + a.slotDoc.length * 2) * 4);
  const { keys, refs, slotDoc, slotPart } = views({ buffer, keys: a.keys.length, slots: a.slotDoc.length, version });
  keys.set(a.keys);
  refs.set(a.refs);
  slotDoc.set(a.slotDoc);
  slotPart.set(a.slotPart);
  return { buffer, keys: a.keys.length, slots: a.slotDoc.length, version };
}

function views(s: SharedIndex): { keys: Uint32Array; refs: Uint32Array; slotDoc: Int32Array; slotPart: Int32Array } {
  return {
    keys: new Uint32Array(s.buffer, 0, s.keys),
    refs: new Uint32Array(s.buffer, s.keys * 4, s.keys),
    slotDoc: new Int32Array(s.buffer, s.keys * 8, s.slots),
    slotPart: new Int32Array(s.buffer, s.keys * 8 + s.slots * 4, s.slots),
  };
}

/** An index over the shared arrays (its slot tables copied: removals are its own). */
export function indexFromShared(s: SharedIndex): FingerprintIndex {
  return FingerprintIndex.fromArrays(views(s));
}
