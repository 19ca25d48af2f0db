import type { Metadata } from 'sharp';
import { linesFromText, type Problem, type TextLine } from './document.js';
import { readExif } from './exif.js';
import { readContainer } from './image-containers.js';
import { readIptc } from './iptc.js';
import { Budget, type Found, type MetaBlob } from './metadata-budget.js';
import { readXmp } from './xmp.js';

/**
 * The text of an image's metadata, as file properties, galleries and CMS
 * media libraries show it: EXIF/TIFF tags, XMP, IPTC, PNG text chunks, GIF
 * and JPEG comments. Read without OCR and without decoding a pixel; a
 * malformed block is skipped, never thrown out of the extractor.
 */

/** Bytes of metadata values decoded, inflated or parsed per image (real files carry kilobytes). */
const maxBytes = 8 << 20;
/** Metadata blocks read per image (nested ones included): a handful in real files. */
const maxBlobs = 64;

export interface ImageMetadata {
  lines: TextLine[];
  problems: Problem[];
}

/**
 * `meta`: sharp's reading of the same file, whose blocks are read too (duplicates
 * of the walk's are skipped). Its `comments` are not needed: the PNG walk reads
 * every text chunk, sharp only those before the image data.
 */
export function imageMetadata(bytes: Buffer, mediaType: string, meta?: Pick<Metadata, 'exif' | 'xmp' | 'iptc'>): ImageMetadata {
  const budget = new Budget(maxBytes);
  const texts: string[] = [];
  const queue: MetaBlob[] = [];
  const take = (found: Found) => {
    texts.push(...found.texts);
    queue.push(...found.blobs);
  };
  attempt(() => take(readContainer(bytes, mediaType, budget)));
  if (meta?.exif) queue.push({ kind: 'exif', bytes: meta.exif });
  if (meta?.xmp) queue.push({ kind: 'xmp', bytes: meta.xmp });
  if (meta?.iptc) queue.push({ kind: 'iptc', bytes: meta.iptc });
  const read: MetaBlob[] = [];
  for (let next = 0; next < queue.length; next++) {
    const blob = queue[next]!;
    // Duplicates (sharp's copy of a block the walk found) count too: comparing them is work.
    if (next >= maxBlobs * 4) {
      budget.over = true;
      break;
    }
    if (read.some((r) => r.kind === blob.kind && r.bytes.equals(blob.bytes))) continue;
    if (read.length >= maxBlobs) {
      budget.over = true;
      break;
    }
    read.push(blob);
    attempt(() => take(readBlob(blob, budget)));
  }
  const problems: Problem[] = budget.over ? [{ code: 'too-large', detail: `image metadata past ${maxBytes} bytes or ${maxBlobs} blocks` }] : [];
  return { lines: distinct(texts.flatMap((t) => linesFromText(t, 'metadata', 0))), problems };
}

function readBlob(blob: MetaBlob, budget: Budget): Found {
  if (blob.kind === 'exif') return readExif(blob.bytes, budget);
  // XMP and IPTC parse in time proportional to their size: charged whole, so overlapping blocks cannot multiply it.
  if (!budget.take(blob.bytes.length)) return { texts: [], blobs: [] };
  return blob.kind === 'xmp' ? { texts: readXmp(blob.bytes), blobs: [] } : readIptc(blob.bytes);
}

/** Runs one reader; a malformed block it throws on is skipped (the others are still read). */
function attempt(read: () => void): void {
  try {
    read();
  } catch {
    // Malformed metadata: nothing a viewer would show either.
  }
}

function distinct(lines: TextLine[]): TextLine[] {
  const seen = new Set<string>();
  return lines.filter((l) => !seen.has(l.text) && !!seen.add(l.text));
}
