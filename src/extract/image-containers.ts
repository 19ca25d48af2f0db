import { isUtf8 } from 'node:buffer';
import { decodeText } from './charset.js';
import { asciiText } from './exif.js';
import { inflateWithin, nothingFound, type Budget, type Found, type MetaBlob } from './metadata-budget.js';

/**
 * The metadata blocks and text an image container carries, found by walking
 * its own structure: sharp reports only some (PNG text chunks before IDAT, no
 * GIF comments, no JPEG COM, one XMP segment). Every length is bounds-checked
 * and every walk moves forward, so a hostile file ends the walk, not the scan.
 */
export function readContainer(bytes: Buffer, mediaType: string, budget: Budget): Found {
  switch (mediaType) {
    case 'image/png':
      return readPng(bytes, budget);
    case 'image/jpeg':
      return readJpeg(bytes);
    case 'image/gif':
      return readGif(bytes);
    case 'image/webp':
      return readWebp(bytes);
    case 'image/tiff':
      // A TIFF file is an EXIF structure: its IFDs (each page's) are read as one.
      return { texts: [], blobs: [{ kind: 'exif', bytes }] };
    default:
      return nothingFound();
  }
}

const xmpKeyword = 'XML:com.adobe.xmp';
/** ImageMagick's hex-encoded profiles in PNG text chunks. */
const rawProfile = /^Raw profile type (\w+)$/;

/** PNG chunks: tEXt (Latin-1 by the spec, UTF-8 in practice), zTXt, iTXt (UTF-8, maybe compressed), eXIf; wherever they sit, IDAT or IEND notwithstanding. */
export function readPng(bytes: Buffer, budget: Budget): Found {
  const found = nothingFound();
  for (let o = 8; o + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(o);
    const type = bytes.toString('latin1', o + 4, o + 8);
    const data = bytes.subarray(o + 8, Math.min(o + 8 + length, bytes.length));
    if (type === 'eXIf') found.blobs.push({ kind: 'exif', bytes: data });
    else if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
      const chunk = textChunk(type, data, budget);
      if (chunk) pngText(chunk, found);
    }
    o += 12 + length;
  }
  return found;
}

interface TextChunk {
  keyword: string;
  /** iTXt's translated keyword, which viewers show as the label. */
  translated?: string;
  text: Buffer;
  /** iTXt is UTF-8 by definition; tEXt and zTXt are Latin-1 by the spec. */
  latin1: boolean;
}

function textChunk(type: string, data: Buffer, budget: Budget): TextChunk | undefined {
  const nul = data.indexOf(0);
  if (nul < 0) return undefined;
  const keyword = data.toString('latin1', 0, nul);
  if (type === 'tEXt') return { keyword, text: data.subarray(nul + 1), latin1: true };
  if (type === 'zTXt') return { keyword, text: inflateWithin(data.subarray(nul + 2), budget), latin1: true };
  // iTXt: compression flag and method, language tag, translated keyword, text.
  const compressed = data[nul + 1] === 1;
  const langEnd = data.indexOf(0, nul + 3);
  const translatedEnd = langEnd < 0 ? -1 : data.indexOf(0, langEnd + 1);
  if (translatedEnd < 0) return undefined;
  const text = data.subarray(translatedEnd + 1);
  return { keyword, translated: data.toString('utf8', langEnd + 1, translatedEnd), text: compressed ? inflateWithin(text, budget) : text, latin1: false };
}

function pngText(chunk: TextChunk, found: Found): void {
  if (chunk.translated) found.texts.push(chunk.translated);
  if (chunk.keyword === xmpKeyword) return void found.blobs.push({ kind: 'xmp', bytes: chunk.text });
  const profile = rawProfile.exec(chunk.keyword);
  if (profile) return void found.blobs.push(...rawProfileBlobs(profile[1]!.toLowerCase(), chunk.text));
  // UTF-8 when valid, else GB18030 (Chinese software writes GBK here); a spec-following viewer shows Latin-1.
  const decoded = asciiText(chunk.text);
  if (decoded) found.texts.push(decoded);
  const latin1 = chunk.latin1 ? chunk.text.toString('latin1').replace(/\0+/g, '\n') : '';
  if (latin1 && latin1 !== decoded && !isUtf8(chunk.text)) found.texts.push(latin1);
}

/** `\n<type>\n<length>\n<hex …>`: exif, iptc/8bim, xmp, or a whole APP1 segment. */
function rawProfileBlobs(type: string, text: Buffer): MetaBlob[] {
  const hex = text.toString('latin1').split('\n').slice(3).join('').replace(/[^0-9a-fA-F]/g, '');
  const bytes = Buffer.from(hex.slice(0, hex.length & ~1), 'hex');
  if (type === 'xmp' || bytes.subarray(0, jpegXmp.length).toString('latin1') === jpegXmp) return [{ kind: 'xmp', bytes: type === 'xmp' ? bytes : bytes.subarray(jpegXmp.length) }];
  if (type === 'iptc' || type === '8bim') return [{ kind: 'iptc', bytes }];
  return type === 'exif' || type === 'app1' ? [{ kind: 'exif', bytes }] : [];
}

const jpegExif = 'Exif\0';
const jpegXmp = 'http://ns.adobe.com/xap/1.0/\0';
const jpegXmpExtension = 'http://ns.adobe.com/xmp/extension/\0';

/**
 * JPEG segments up to the image data: APP1 (EXIF, XMP and extended XMP in
 * pieces), APP13 (Photoshop resources with IPTC), COM (a comment viewers show).
 */
export function readJpeg(bytes: Buffer): Found {
  const found = nothingFound();
  const extended = new Map<string, XmpPiece[]>();
  for (let o = 2; o + 4 <= bytes.length; ) {
    if (bytes[o] !== 0xff) break;
    const marker = bytes[o + 1]!;
    // Fill bytes, and markers without a length.
    if (marker === 0xff) {
      o++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      o += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    const length = bytes.readUInt16BE(o + 2);
    if (length < 2) break;
    const data = bytes.subarray(o + 4, o + 2 + length);
    if (marker === 0xe1) app1(data, found, extended);
    else if (marker === 0xed) found.blobs.push({ kind: 'iptc', bytes: data });
    else if (marker === 0xfe) found.texts.push(decodeText(data));
    o += 2 + length;
  }
  for (const pieces of extended.values()) found.blobs.push({ kind: 'xmp', bytes: Buffer.concat(pieces.sort((a, b) => a.offset - b.offset).map((p) => p.bytes)) });
  return found;
}

interface XmpPiece {
  offset: number;
  bytes: Buffer;
}

function app1(data: Buffer, found: Found, extended: Map<string, XmpPiece[]>): void {
  const head = (s: string) => data.subarray(0, s.length).toString('latin1') === s;
  if (head(jpegExif)) found.blobs.push({ kind: 'exif', bytes: data });
  else if (head(jpegXmp)) found.blobs.push({ kind: 'xmp', bytes: data.subarray(jpegXmp.length) });
  else if (head(jpegXmpExtension) && data.length >= jpegXmpExtension.length + 40) {
    // Extended XMP: GUID (32), full length (4), offset (4), then a piece; pieces join in offset order.
    const at = jpegXmpExtension.length;
    const guid = data.toString('latin1', at, at + 32);
    const pieces = extended.get(guid) ?? [];
    pieces.push({ offset: data.readUInt32BE(at + 36), bytes: data.subarray(at + 40) });
    extended.set(guid, pieces);
  }
}

/**
 * GIF blocks: comment extensions, plain-text extensions (text drawn over the
 * image) and XMP application extensions ("XMP DataXMP", stored raw across
 * sub-blocks with a 258-byte trailer).
 */
export function readGif(bytes: Buffer): Found {
  const found = nothingFound();
  if (bytes.length < 13) return found;
  const packed = bytes[10]!;
  let o = 13 + (packed & 0x80 ? 3 << ((packed & 7) + 1) : 0);
  while (o < bytes.length) {
    const block = bytes[o];
    if (block === 0x21) {
      const label = bytes[o + 1];
      const end = subBlocksEnd(bytes, o + 2);
      if (label === 0xfe) found.texts.push(asciiText(subBlocks(bytes, o + 2, end)));
      else if (label === 0x01) found.texts.push(asciiText(subBlocks(bytes, o + 2, end).subarray(12)));
      else if (label === 0xff && bytes.toString('latin1', o + 3, o + 14) === 'XMP DataXMP') found.blobs.push({ kind: 'xmp', bytes: gifXmp(bytes.subarray(o + 14, end)) });
      o = end;
    } else if (block === 0x2c) {
      const local = bytes[o + 9] ?? 0;
      // Descriptor, local colour table, LZW code size, then the image data in sub-blocks.
      o = subBlocksEnd(bytes, o + 10 + (local & 0x80 ? 3 << ((local & 7) + 1) : 0) + 1);
    } else break;
  }
  return found;
}

/** Where the sub-blocks starting at `o` end (after their zero terminator, or at the end of the bytes). */
function subBlocksEnd(bytes: Buffer, o: number): number {
  while (o < bytes.length) {
    const n = bytes[o]!;
    o += 1 + n;
    if (n === 0) break;
  }
  return Math.min(o, bytes.length);
}

function subBlocks(bytes: Buffer, o: number, end: number): Buffer {
  const parts: Buffer[] = [];
  while (o < end && bytes[o]) {
    parts.push(bytes.subarray(o + 1, Math.min(o + 1 + bytes[o]!, end)));
    o += 1 + bytes[o]!;
  }
  return Buffer.concat(parts);
}

/** The XMP packet of a GIF application extension, without the trailer that makes its raw bytes parse as sub-blocks. */
function gifXmp(raw: Buffer): Buffer {
  const close = '</x:xmpmeta>';
  const packetEnd = raw.lastIndexOf('<?xpacket end');
  if (packetEnd >= 0 && raw.indexOf('?>', packetEnd) >= 0) return raw.subarray(0, raw.indexOf('?>', packetEnd) + 2);
  const at = raw.lastIndexOf(close);
  return raw.subarray(0, at >= 0 ? at + close.length : Math.max(0, raw.length - 258));
}

/** WebP (RIFF) chunks: EXIF and XMP of the extended format. */
export function readWebp(bytes: Buffer): Found {
  const found = nothingFound();
  for (let o = 12; o + 8 <= bytes.length; ) {
    const type = bytes.toString('latin1', o, o + 4);
    const size = bytes.readUInt32LE(o + 4);
    const data = bytes.subarray(o + 8, Math.min(o + 8 + size, bytes.length));
    if (type === 'EXIF') found.blobs.push({ kind: 'exif', bytes: data });
    else if (type === 'XMP ') found.blobs.push({ kind: 'xmp', bytes: data });
    o += 8 + size + (size & 1);
  }
  return found;
}
