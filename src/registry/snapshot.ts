import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import type { FingerprintIndex } from './fingerprint-index.js';
import type { DocumentGrams } from './grams.js';
import { arraysOf, byteLength, fromArrays, inOrder, sizesOf, viewsOf, type IndexSizes } from './index-arrays.js';

// 2: references carry positions, and every document's k-gram hashes follow the index.
const magic = 'BAOMIIDX2';

export interface SnapshotStamp {
  /** The store's registry version when the snapshot was taken: any change since makes it stale. */
  version: number;
  /** Which key the hashes were made with (a hash of it), and the winnowing parameters. */
  keyId: string;
  k: number;
  w: number;
}

/**
 * The index's sorted arrays and the documents' k-gram hashes in one file
 * beside the store, so a start-up reads them instead of every registered
 * document and a sort. The store stays the truth: a snapshot whose stamp
 * differs is ignored and rebuilt.
 * Layout: magic, header length (u32), JSON header, padding to 4 bytes, arrays.
 */
export function writeSnapshot(file: string, index: FingerprintIndex, grams: DocumentGrams, stamp: SnapshotStamp): void {
  const arrays = arraysOf(index, grams);
  const header = Buffer.from(JSON.stringify({ ...stamp, ...sizesOf(arrays) }));
  const prefix = Buffer.alloc(Math.ceil((magic.length + 4 + header.length) / 4) * 4);
  prefix.write(magic, 0, 'latin1');
  prefix.writeUInt32LE(header.length, magic.length);
  header.copy(prefix, magic.length + 4);
  // Several processes may write it at once (the CLI, replicas): each through its own temporary file.
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    for (const part of [prefix, ...inOrder(arrays)]) writeSync(fd, new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function readSnapshot(file: string, stamp: SnapshotStamp): { index: FingerprintIndex; grams: DocumentGrams } | undefined {
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  if (bytes.toString('latin1', 0, magic.length) !== magic) return undefined;
  const length = bytes.readUInt32LE(magic.length);
  const header = JSON.parse(bytes.toString('utf8', magic.length + 4, magic.length + 4 + length)) as SnapshotStamp & IndexSizes;
  if (header.version !== stamp.version || header.keyId !== stamp.keyId || header.k !== stamp.k || header.w !== stamp.w) return undefined;
  const at = Math.ceil((magic.length + 4 + length) / 4) * 4;
  if (bytes.length !== at + byteLength(header)) return undefined;
  // Views need 4-byte alignment: a large file read comes back in its own aligned buffer, else copy.
  if ((bytes.byteOffset + at) % 4 === 0) return fromArrays(viewsOf(bytes.buffer, bytes.byteOffset + at, header));
  return fromArrays(viewsOf(new Uint8Array(bytes.subarray(at)).buffer, 0, header));
}
