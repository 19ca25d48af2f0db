import { FingerprintIndex } from './fingerprint-index.js';
import { DocumentGrams } from './grams.js';

/** The registry's in-memory state as flat arrays: the sorted fingerprint index and every document's k-gram hashes. */
export interface IndexArrays {
  keys: Uint32Array;
  refs: Uint32Array;
  slotDoc: Int32Array;
  slotPart: Int32Array;
  gramIds: Int32Array;
  gramOffsets: Uint32Array;
  gramData: Uint32Array;
}

/** Lengths of the arrays, which is all a reader needs to find them in one buffer. */
export interface IndexSizes {
  keys: number;
  slots: number;
  docs: number;
  grams: number;
}

type ArrayType = Uint32ArrayConstructor | Int32ArrayConstructor;

/** The arrays in buffer order, every element 4 bytes. */
function layout(s: IndexSizes): Array<[keyof IndexArrays, ArrayType, number]> {
  return [
    ['keys', Uint32Array, s.keys],
    ['refs', Uint32Array, s.keys],
    ['slotDoc', Int32Array, s.slots],
    ['slotPart', Int32Array, s.slots],
    ['gramIds', Int32Array, s.docs],
    ['gramOffsets', Uint32Array, s.docs + 1],
    ['gramData', Uint32Array, s.grams],
  ];
}

export function sizesOf(a: IndexArrays): IndexSizes {
  return { keys: a.keys.length, slots: a.slotDoc.length, docs: a.gramIds.length, grams: a.gramData.length };
}

export function byteLength(s: IndexSizes): number {
  return layout(s).reduce((n, [, , length]) => n + length * 4, 0);
}

/** Views of every array in `buffer` from `offset` (4-byte aligned). */
export function viewsOf(buffer: ArrayBufferLike, offset: number, s: IndexSizes): IndexArrays {
  const out: Partial<Record<keyof IndexArrays, Uint32Array | Int32Array>> = {};
  for (const [name, Type, length] of layout(s)) {
    // A SharedArrayBuffer too: the typings take only ArrayBuffer, the constructors take both.
    out[name] = new Type(buffer as ArrayBuffer, offset, length);
    offset += length * 4;
  }
  return out as IndexArrays;
}

/** Every array in buffer order, for writing them out. */
export function inOrder(a: IndexArrays): Array<Uint32Array | Int32Array> {
  return layout(sizesOf(a)).map(([name]) => a[name]);
}

export function arraysOf(index: FingerprintIndex, grams: DocumentGrams): IndexArrays {
  const i = index.arrays();
  const g = grams.arrays();
  return { ...i, gramIds: g.ids, gramOffsets: g.offsets, gramData: g.data };
}

export function fromArrays(a: IndexArrays): { index: FingerprintIndex; grams: DocumentGrams } {
  return { index: FingerprintIndex.fromArrays(a), grams: DocumentGrams.fromArrays({ ids: a.gramIds, offsets: a.gramOffsets, data: a.gramData }) };
}
