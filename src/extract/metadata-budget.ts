import { Unzlib } from 'fflate';

/** A metadata block found inside another one (XMP inside EXIF, EXIF inside a PNG chunk …), read in its turn. */
export interface MetaBlob {
  kind: 'exif' | 'xmp' | 'iptc';
  bytes: Buffer;
}

/** What one metadata reader found: text people see, and blocks to read next. */
export interface Found {
  texts: string[];
  blobs: MetaBlob[];
}

export function nothingFound(): Found {
  return { texts: [], blobs: [] };
}

/**
 * Bytes that may still be decoded or inflated for one image. Hostile files
 * point thousands of tags at one long value or carry a zlib bomb: reading
 * stops at the budget and `over` makes the image unscannable (held), never
 * partly read and passed.
 */
export class Budget {
  over = false;

  constructor(private left: number) {}

  get remaining(): number {
    return this.left;
  }

  /** Takes n bytes; false (and over) when they do not fit. */
  take(n: number): boolean {
    if (n > this.left) {
      this.over = true;
      return false;
    }
    this.left -= n;
    return true;
  }
}

/**
 * Inflates zlib data within the budget. Fed in small pieces so a bomb stops
 * about where the budget ends; a truncated or corrupt stream gives what was
 * inflated before the damage (a viewer shows that much too).
 */
export function inflateWithin(data: Uint8Array, budget: Budget): Buffer {
  const parts: Uint8Array[] = [];
  let size = 0;
  const z = new Unzlib((chunk) => {
    parts.push(chunk);
    size += chunk.length;
  });
  const piece = 256;
  try {
    for (let i = 0; i < data.length && size <= budget.remaining; i += piece) z.push(data.subarray(i, i + piece), i + piece >= data.length);
  } catch {
    // Corrupt from here on: keep what came before.
  }
  const out = Buffer.concat(parts);
  if (!budget.take(out.length)) return out.subarray(0, budget.remaining);
  return out;
}
