import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { FingerprintIndex } from './fingerprint-index.js';

const magic = 'BAOMIIDX1';

export interface SnapshotStamp {
  /** The store's registry version when the snapshot was taken: any change since makes it stale. */
  version: number;
  /** Which key the hashes were made with (a hash of it), and the winnowing parameters. */
  keyId: string;
  k: number;
  w: number;
}

/**
 * The index's sorted arrays in one file beside the store, so a start-up reads
 * them instead of every registered document's fingerprints and a sort. The
 * store stays the truth: a snapshot whose stamp differs is ignored and rebuilt.
 * Layout: magic, header length (u32), JSON header, padding to 4 bytes, arrays.
 */
export function writeSnapshot(file: string, index: FingerprintIndex, stamp: SnapshotStamp): void {
  const a = index.arrays();
  const header = Buffer.from(JSON.stringify({ ...stamp, keys: a.keys.length, slots: a.slotDoc.length }));
  const prefix = Buffer.alloc(Math.ceil((magic.length + 4 + header.length) / 4) * 4);
  prefix.write(magic, 0, 'latin1');
  prefix.writeUInt32LE(header.length, magic.length);
  header.copy(prefix, magic.length + 4);
  // Several processes may write it at once (the CLI, replicas): each through its own temporary file.
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    for (const part of [prefix, a.keys, a.refs, a.slotDoc, a.slotPart]) writeSync(fd, new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function readSnapshot(file: string, stamp: SnapshotStamp): FingerprintIndex | undefined {
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  if (bytes.toString('latin1', 0, magic.length) !== magic) return undefined;
  const length = bytes.readUInt32LE(magic.length);
  const header = JSON.parse(bytes.toString('utf8', magic.length + 4, magic.length + 4 + length)) as SnapshotStamp & { keys: number; slots: number };
  if (header.version !== stamp.version || header.keyId !== stamp.keyId || header.k !== stamp.k || header.w !== stamp.w) return undefined;
  let at = Math.ceil((magic.length + 4 + length) / 4) * 4;
  // Views need 4-byte alignment: a large file read comes back in its own aligned buffer, else copy.
  const take = <T extends Uint32Array | Int32Array>(Type: { new (b: ArrayBuffer, o: number, n: number): T; new (n: number): T }, n: number): T => {
    const offset = bytes.byteOffset + at;
    at += n * 4;
    if (offset % 4 === 0) return new Type(bytes.buffer as ArrayBuffer, offset, n);
    const copy = new Type(n);
    new Uint8Array(copy.buffer).set(bytes.subarray(at - n * 4, at));
    return copy;
  };
  if (bytes.length !== at + (header.keys * 2 + header.slots * 2) * 4) return undefined;
  const keys = take(Uint32Array, header.keys);
  const refs = take(Uint32Array, header.keys);
  const slotDoc = take(Int32Array, header.slots);
  const slotPart = take(Int32Array, header.slots);
  return FingerprintIndex.fromArrays({ keys, refs, slotDoc, slotPart });
}
