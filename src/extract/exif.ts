import iconv from 'iconv-lite';
import { decodeText } from './charset.js';
import { nothingFound, type Budget, type Found } from './metadata-budget.js';

/**
 * EXIF and TIFF tags with text a reader sees (file properties, a gallery's
 * caption): every ASCII value (ImageDescription, Artist, Copyright,
 * DocumentName, PageName, ImageTitle …) in every IFD, the Windows XP tags
 * (UTF-16LE), UserComment (with its charset prefix), and the XMP and IPTC
 * blocks a TIFF carries. Parsed by hand over the TIFF structure, both byte
 * orders, every offset bounds-checked: a malformed structure is skipped.
 */

const typeSizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 129: 1 };
const ascii = 2;
const utf8 = 129;
/** Exif IFD, GPS IFD, Interoperability IFD, SubIFDs: more tags behind them. */
const ifdPointers = new Set([0x8769, 0x8825, 0xa005, 0x014a]);
/** XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UTF-16LE in BYTE values, whatever the byte order. */
const isXpTag = (tag: number) => tag >= 0x9c9b && tag <= 0x9c9f;
const userComment = 0x9286;
const xmpTag = 0x02bc;
const iptcTag = 0x83bb;
const photoshopTag = 0x8649;
/** Real files have a handful of IFDs and a few hundred entries; pointer loops and overlapping tables stop here. */
const maxIfds = 256;
const maxEntries = 1 << 14;
const maxSubIfds = 64;

interface Tiff {
  bytes: Buffer;
  le: boolean;
}

/** The TIFF structure: at the start (a TIFF file, PNG eXIf) or after `Exif\0\0` (JPEG APP1, WebP, sharp's buffer). */
function tiffAt(bytes: Buffer): Tiff | undefined {
  for (const at of [0, 6]) {
    const head = bytes.subarray(at, at + 4).toString('latin1');
    if (head === 'II*\0' || head === 'MM\0*') return { bytes: bytes.subarray(at), le: head[0] === 'I' };
  }
  return undefined;
}

function u16(t: Tiff, o: number): number | undefined {
  if (o < 0 || o + 2 > t.bytes.length) return undefined;
  return t.le ? t.bytes.readUInt16LE(o) : t.bytes.readUInt16BE(o);
}

function u32(t: Tiff, o: number): number | undefined {
  if (o < 0 || o + 4 > t.bytes.length) return undefined;
  return t.le ? t.bytes.readUInt32LE(o) : t.bytes.readUInt32BE(o);
}

/** Every reading of the EXIF/TIFF structure in `bytes`; nothing when it is not one. */
export function readExif(bytes: Buffer, budget: Budget): Found {
  const found = nothingFound();
  const t = tiffAt(bytes);
  if (!t) return found;
  const queue: number[] = [u32(t, 4) ?? 0];
  const seenIfds = new Set<number>();
  const seenValues = new Set<string>();
  let entries = 0;
  for (let next = 0; next < queue.length && seenIfds.size < maxIfds && entries < maxEntries; next++) {
    const ifd = queue[next]!;
    // Offset 0 is the header itself: a terminator, or a loop.
    if (ifd < 8 || seenIfds.has(ifd)) continue;
    seenIfds.add(ifd);
    const declared = u16(t, ifd);
    if (declared === undefined) continue;
    const count = Math.min(declared, Math.floor((t.bytes.length - ifd - 2) / 12), maxEntries - entries);
    entries += count;
    for (let i = 0; i < count; i++) readEntry(t, ifd + 2 + i * 12, { found, queue, seenValues, budget });
    // IFD0's next is IFD1 (the thumbnail's) or, in a TIFF file, the next page.
    if (count === declared) queue.push(u32(t, ifd + 2 + declared * 12) ?? 0);
  }
  return found;
}

interface EntryState {
  found: Found;
  queue: number[];
  seenValues: Set<string>;
  budget: Budget;
}

function readEntry(t: Tiff, e: number, s: EntryState): void {
  const tag = u16(t, e)!;
  const type = u16(t, e + 2)!;
  const count = u32(t, e + 4)!;
  const size = (typeSizes[type] ?? 0) * count;
  if (!size) return;
  const at = size <= 4 ? e + 8 : u32(t, e + 8)!;
  if (at + size > t.bytes.length) return;
  const value = t.bytes.subarray(at, at + size);
  if (ifdPointers.has(tag) && (type === 4 || type === 13)) {
    // Pointers past the IFD cap are never followed: not queued either.
    for (let k = 0; k < Math.min(count, maxSubIfds) && s.queue.length < maxIfds * 4; k++) s.queue.push(u32(t, at + k * 4) ?? 0);
    return;
  }
  const text = type === ascii || type === utf8 || isXpTag(tag) || tag === userComment;
  const blob = tag === xmpTag || tag === iptcTag || tag === photoshopTag;
  if (!text && !blob) return;
  // Many entries may point at one value: it is read (and counted) once.
  const key = `${at}:${size}`;
  if (s.seenValues.has(key)) return;
  s.seenValues.add(key);
  if (!s.budget.take(size)) return;
  if (tag === xmpTag) s.found.blobs.push({ kind: 'xmp', bytes: value });
  else if (tag === iptcTag || tag === photoshopTag) s.found.blobs.push({ kind: 'iptc', bytes: value });
  else if (isXpTag(tag)) s.found.texts.push(utf16(value, true));
  else if (tag === userComment) s.found.texts.push(...commentTexts(value, t.le));
  else if (type === utf8) s.found.texts.push(value.toString('utf8'));
  else s.found.texts.push(asciiText(value));
}

/**
 * An ASCII-typed value: Chinese cameras and software write UTF-8 or GBK there,
 * so it is read as UTF-8 when valid, else GB18030. NULs separate the strings
 * of a multi-string value.
 */
export function asciiText(value: Buffer): string {
  return value
    .toString('latin1')
    .split('\0')
    .filter((s) => s.trim())
    .map((s) => decodeText(Buffer.from(s, 'latin1')))
    .join('\n');
}

const plausibleChar = /[\x20-\x7e\u2000-\u27ff\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/g;

/**
 * UTF-16 text: a BOM decides; else the expected byte order, unless the other
 * one reads as clearly more plausible text (writers disagree on UserComment's
 * byte order in big-endian files).
 */
export function utf16(value: Buffer, le: boolean): string {
  const strip = (s: string) => s.replace(/\0+/g, '\n').trim();
  if (value[0] === 0xff && value[1] === 0xfe) return strip(iconv.decode(value.subarray(2), 'utf-16le'));
  if (value[0] === 0xfe && value[1] === 0xff) return strip(iconv.decode(value.subarray(2), 'utf-16be'));
  const even = value.subarray(0, value.length & ~1);
  const expected = strip(iconv.decode(even, le ? 'utf-16le' : 'utf-16be'));
  const other = strip(iconv.decode(even, le ? 'utf-16be' : 'utf-16le'));
  const score = (s: string) => s.match(plausibleChar)?.length ?? 0;
  return score(other) > score(expected) ? other : expected;
}

/** UserComment: an 8-byte charset prefix (ASCII, UNICODE, JIS, or undefined: zeros), then the text. */
export function commentTexts(value: Buffer, le: boolean): string[] {
  const prefix = value.subarray(0, 8).toString('latin1').replace(/\0+$/, '');
  const body = value.subarray(8);
  if (prefix === 'UNICODE') return [utf16(body, le)];
  if (prefix === 'JIS') return jisTexts(body);
  if (prefix === 'ASCII' || prefix === '') return [asciiText(body)];
  // No prefix at all: some writers put the text straight in.
  return [asciiText(value)];
}

/**
 * JIS X 0208 text, as ISO-2022-JP (escape sequences switch between ASCII and
 * two-byte JIS) or as bare two-byte codes; bare bytes are also read as ASCII,
 * since a writer may label plain text JIS.
 */
function jisTexts(body: Buffer): string[] {
  const twoByte = (b: Buffer) => iconv.decode(Buffer.from(b.map((x) => x | 0x80)), 'euc-jp');
  if (!body.includes(0x1b)) {
    const bare = body.length % 2 === 0 && body.every((b) => b >= 0x21 && b <= 0x7e);
    return bare ? [asciiText(body), twoByte(body)] : [asciiText(body)];
  }
  let out = '';
  let wide = false;
  for (let i = 0; i < body.length; ) {
    if (body[i] === 0x1b) {
      if (i + 2 >= body.length) break;
      wide = body[i + 1] === 0x24;
      i += 3;
      continue;
    }
    const end = body.indexOf(0x1b, i);
    const run = body.subarray(i, end < 0 ? body.length : end);
    out += wide ? twoByte(run) : run.toString('latin1');
    i += run.length;
  }
  return [out.replace(/\0+/g, '\n').trim()];
}
