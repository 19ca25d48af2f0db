import { unzipSync, type UnzipFileInfo } from 'fflate';

export interface ArchiveLimits {
  archiveEntries: number;
  archiveBytes: number;
  archiveRatio: number;
}

export class ArchiveLimitError extends Error {}

/** Names in a zip, read from its directory without inflating anything. */
export function zipNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch {
    return names;
  }
  return names;
}

/**
 * Inflates a zip under limits checked BEFORE anything is inflated (entry count,
 * declared total size, compression ratio), then checks the real sizes: a bomb
 * is refused, not unpacked. `wanted` selects the entries to inflate.
 */
export function readZip(bytes: Uint8Array, limits: ArchiveLimits, wanted: (name: string) => boolean = () => true): Map<string, Uint8Array> {
  const infos: UnzipFileInfo[] = [];
  unzipSync(bytes, {
    filter: (f) => {
      infos.push(f);
      return false;
    },
  });
  if (infos.length > limits.archiveEntries) throw new ArchiveLimitError(`${infos.length} entries (limit ${limits.archiveEntries})`);
  const chosen = infos.filter((f) => wanted(f.name));
  const declared = chosen.reduce((sum, f) => sum + f.originalSize, 0);
  if (declared > limits.archiveBytes) throw new ArchiveLimitError(`${declared} bytes uncompressed (limit ${limits.archiveBytes})`);
  for (const f of chosen) {
    if (f.size > 0 && f.originalSize / f.size > limits.archiveRatio && f.originalSize > 1_000_000) {
      throw new ArchiveLimitError(`${f.name} expands ${Math.round(f.originalSize / f.size)}× (limit ${limits.archiveRatio}×)`);
    }
  }
  const names = new Set(chosen.map((f) => f.name));
  const files = unzipSync(bytes, { filter: (f) => names.has(f.name) });
  let actual = 0;
  for (const data of Object.values(files)) actual += data.length;
  // Declared sizes can lie; the real ones are checked too.
  if (actual > limits.archiveBytes) throw new ArchiveLimitError(`${actual} bytes uncompressed (limit ${limits.archiveBytes})`);
  return new Map(Object.entries(files));
}
