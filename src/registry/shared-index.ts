import type { FingerprintIndex } from './fingerprint-index.js';
import type { DocumentGrams } from './grams.js';
import { arraysOf, byteLength, fromArrays, inOrder, sizesOf, viewsOf, type IndexSizes } from './index-arrays.js';

/**
 * The registry index's sorted arrays and the documents' k-gram hashes in one
 * SharedArrayBuffer, so every scan worker reads the same memory instead of
 * holding a copy. Workers never write these arrays: a FingerprintIndex
 * replaces its arrays (compaction, bulk load) rather than changing them, and
 * keeps its own slot tables and recent additions; a registration adds its
 * own k-gram array.
 */
export interface SharedIndex {
  buffer: SharedArrayBuffer;
  sizes: IndexSizes;
  /** The store's registry version the arrays were taken at. */
  version: number;
}

export function shareIndex(index: FingerprintIndex, grams: DocumentGrams, version: number): SharedIndex {
  const arrays = arraysOf(index, grams);
  const sizes = sizesOf(arrays);
  const buffer = new SharedArrayBuffer(byteLength(sizes));
  let at = 0;
  for (const part of inOrder(arrays)) {
    new Uint8Array(buffer, at, part.byteLength).set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    at += part.byteLength;
  }
  return { buffer, sizes, version };
}

/** An index over the shared arrays (its slot tables copied: removals are its own). */
export function indexFromShared(s: SharedIndex): { index: FingerprintIndex; grams: DocumentGrams } {
  return fromArrays(viewsOf(s.buffer, 0, s.sizes));
}
