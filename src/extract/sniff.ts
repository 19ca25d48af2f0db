import { looksLikeMime } from './mime.js';
import { kindByContentTypes } from './ooxml-package.js';
import { readZip, zipNames } from './zip.js';

/**
 * Type sniffing by content (magic bytes), never trusting a file name or a
 * Content-Type header: a PDF renamed to .txt is still a PDF.
 */

const signatures: Array<{ type: string; magic: number[]; offset?: number }> = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', magic: [0x47, 0x49, 0x46, 0x38] },
  { type: 'image/bmp', magic: [0x42, 0x4d] },
  { type: 'image/tiff', magic: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'image/tiff', magic: [0x4d, 0x4d, 0x00, 0x2a] },
  { type: 'application/zip', magic: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/zip', magic: [0x50, 0x4b, 0x05, 0x06] },
  { type: 'application/gzip', magic: [0x1f, 0x8b] },
  { type: 'application/x-cfb', magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { type: 'application/rtf', magic: [0x7b, 0x5c, 0x72, 0x74, 0x66] },
  { type: 'application/x-7z-compressed', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { type: 'application/x-rar-compressed', magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
];

function startsWith(bytes: Uint8Array, magic: number[], offset = 0): boolean {
  if (bytes.length < offset + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[offset + i] !== magic[i]) return false;
  return true;
}

function isWebp(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8);
}

/** True when the head of the buffer looks like text (no NUL, few control bytes). */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control <= n / 100;
}

const htmlTag =
  /<(?:a|abbr|article|aside|audio|b|bdi|bdo|blockquote|body|br|button|caption|center|cite|code|dd|del|details|dialog|div|dl|dt|em|embed|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|label|li|link|main|mark|meta|nav|noscript|object|ol|option|p|picture|pre|q|ruby|s|script|section|select|small|source|span|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|th|thead|time|title|tr|u|ul|video)(?:\s[^<>]*)?\/?>|<!--/i;

/** A JSON object or array (a CMS's REST body saved to a file): its strings are read one by one, not as one page of markup. */
function looksLikeJson(bytes: Uint8Array): boolean {
  const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (isSpace(bytes[i])) i++;
  let j = bytes.length - 1;
  while (j > i && isSpace(bytes[j])) j--;
  return (bytes[i] === 0x7b && bytes[j] === 0x7d) || (bytes[i] === 0x5b && bytes[j] === 0x5d);
}

/** Markup in a text field (post bodies are HTML fragments, not documents). */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return /^\s*(?:\ufeff)?<!doctype html/i.test(head) || htmlTag.test(head);
}

const officeByEntry: Array<[RegExp, string]> = [
  [/^ofd\.xml$/i, 'application/ofd'],
  [/^word\/document\.xml$/, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  [/^xl\/workbook\.xml$/, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  [/^ppt\/presentation\.xml$/, 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  [/^mimetype$/, 'application/vnd.oasis.opendocument'],
];

/**
 * What a zip really is (DOCX, XLSX, PPTX, OFD, ODF, or an archive): an Office
 * package by the content type of its main part, as Office decides (the part
 * may be called anything), else by the entries it holds.
 */
function zipKind(bytes: Uint8Array): string {
  const names = zipNames(bytes);
  const contentTypes = names.find((n) => n.toLowerCase() === '[content_types].xml');
  if (contentTypes) {
    try {
      const xml = readZip(bytes, { archiveEntries: Infinity, archiveBytes: 1 << 20, archiveRatio: Infinity }, (n) => n === contentTypes).get(contentTypes);
      const kind = xml && kindByContentTypes(new TextDecoder().decode(xml));
      if (kind) return kind;
    } catch {
      // An unreadable or oversized [Content_Types].xml: the entries decide.
    }
  }
  for (const [entry, type] of officeByEntry) if (names.some((n) => entry.test(n))) return type;
  return 'application/zip';
}

/**
 * The media type the bytes really are. `declared` (from Content-Type) only
 * decides between text kinds, which carry no magic of their own.
 */
export function sniffMediaType(bytes: Uint8Array, declared = ''): string {
  for (const s of signatures) if (startsWith(bytes, s.magic, s.offset)) return s.type === 'application/zip' ? zipKind(bytes) : s.type;
  if (startsWith(bytes, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) return 'application/x-tar';
  if (isWebp(bytes)) return 'image/webp';
  if (bytes.length === 0) return declared.split(';')[0]!.trim().toLowerCase() || 'text/plain';
  if (!looksLikeText(bytes)) return 'application/octet-stream';
  const base = declared.split(';')[0]!.trim().toLowerCase();
  // A web archive or saved mail (MHT, EML): MIME headers first; its parts are read one by one.
  if (base === 'message/rfc822' || base === 'multipart/related' || looksLikeMime(Buffer.from(bytes.subarray(0, 4096)).toString('latin1'))) return 'message/rfc822';
  // Sniffed as JSON only when nothing else was declared: a part declared HTML or text is read as such.
  if (/^(?:application\/(?:[\w.+-]+\+)?json|text\/json)$/.test(base) || (!base && looksLikeJson(bytes))) return 'application/json';
  if (base === 'text/html' || base === 'application/xhtml+xml' || looksLikeHtml(bytes)) return 'text/html';
  if (base.endsWith('xml')) return 'application/xml';
  return 'text/plain';
}
