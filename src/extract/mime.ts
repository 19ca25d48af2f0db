import iconv from 'iconv-lite';
import { emptyDocument, type Document, type TextLine } from './document.js';
import type { Extractor } from './extractor.js';

/**
 * MIME documents: web archives (.mht/.mhtml, Word's "single file web page",
 * altChunk imports) and saved mail (.eml). Every leaf part is decoded
 * (base64, quoted-printable) and read through the registry with its own
 * Content-Type (so HTML is read as a page, in its charset); the subject is a
 * line of its own.
 */

export interface MimePart {
  headers: Map<string, string>;
  body: Buffer;
}

/** Headers (unfolded, names lower-case) and the body after the first empty line. */
export function splitHeaders(bytes: Buffer): MimePart {
  const text = bytes.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  const body = end ? bytes.subarray(end.index + end[0].length) : Buffer.alloc(0);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** A header's `;`-separated pieces, split outside quoted strings (`type="text/html; boundary=x"` is one piece). */
function headerPieces(header: string): string[] {
  const pieces: string[] = [];
  let piece = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i]!;
    if (ch === ';' && !quoted) {
      pieces.push(piece);
      piece = '';
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (ch === '\\' && quoted) piece += header[i++]; // a quoted pair: the next character is literal
    piece += header[i] ?? '';
  }
  return [...pieces, piece];
}

/** A header's parameters (names lower-case; the first of a name wins), quoted values unquoted. */
export function parameters(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const piece of headerPieces(header).slice(1)) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    const name = piece.slice(0, eq).trim().toLowerCase();
    const raw = piece.slice(eq + 1).trim();
    const value = raw.startsWith('"') ? raw.replace(/^"((?:[^"\\]|\\.)*)"?.*$/s, '$1').replace(/\\(.)/gs, '$1') : raw.split(/\s/)[0]!;
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** A header parameter (`boundary`, `charset`, `name`), quoted or not. */
export function parameter(header: string | undefined, name: string): string | undefined {
  return parameters(header ?? '').get(name.toLowerCase());
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/=[ \t]*\r?\n/g, '');
  return Buffer.from(text.replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
}

/** The body as its Content-Transfer-Encoding says. */
export function decodeBody(part: MimePart): Buffer {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.toString('latin1').replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return part.body;
}

/** RFC 2047 encoded words (`=?GB2312?B?…?=`) in a header, decoded. */
export function decodeWords(header: string): string {
  return header.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (whole, charset: string, kind: string, data: string) => {
    const bytes = kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(Buffer.from(data.replace(/_/g, ' '), 'latin1'));
    return iconv.encodingExists(charset) ? iconv.decode(bytes, charset) : whole;
  });
}

/** The leaf parts of a (possibly nested) multipart body, in order. */
export function leafParts(part: MimePart, depth = 0): MimePart[] {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = parameter(type, 'boundary');
  if (!/^multipart\//i.test(type) || !boundary || depth > 8) return [part];
  const text = part.body.toString('latin1');
  const delimiter = `--${boundary}`;
  const out: MimePart[] = [];
  let at = text.indexOf(delimiter);
  while (at >= 0) {
    const start = text.indexOf('\n', at);
    if (start < 0 || text.startsWith('--', at + delimiter.length)) break;
    const next = text.indexOf(`\n${delimiter}`, start);
    const end = next < 0 ? text.length : next;
    const raw = part.body.subarray(start + 1, end > 0 && text[end - 1] === '\r' ? end - 1 : end);
    out.push(...leafParts(splitHeaders(raw), depth + 1));
    at = next < 0 ? -1 : next + 1;
  }
  // No part found (a boundary that never comes): the body is read whole, as text, so nothing in it is skipped.
  return out.length ? out : [{ headers: new Map([...part.headers, ['content-type', 'text/plain']]), body: part.body }];
}

/** A UTF-8 byte order mark and an mbox `From ` line, which mail programs write before the headers (as latin1 text). */
const preamble = /^(?:\xef\xbb\xbf)?(?:From (?![ \t]*:)[^\n]*\n)?/;

/** The bytes from the first header on. */
export function withoutPreamble(bytes: Buffer): Buffer {
  const head = bytes.subarray(0, 4096).toString('latin1');
  return bytes.subarray(preamble.exec(head)?.[0].length ?? 0);
}

/** True when text bytes (as latin1) begin with MIME headers of a document (a MIME-Version line and a Content-Type). */
export function looksLikeMime(head: string): boolean {
  const block = head.replace(preamble, '').split(/\r?\n\r?\n/)[0] ?? '';
  return /^mime-version\s*:/im.test(block) && /^content-type\s*:/im.test(block) && /^[\w-]+\s*:/.test(block);
}

export const mimeExtractor: Extractor = {
  id: 'mime',
  mediaTypes: ['message/rfc822'],
  async extract(input, mediaType, ctx): Promise<Document> {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const root = splitHeaders(withoutPreamble(input.bytes));
    const subject = root.headers.get('subject');
    const lines: TextLine[] = subject ? [{ text: decodeWords(subject), origin: 'title', zone: 'body' }] : [];
    doc.pages.push({ number: 1, lines });
    for (const [i, leaf] of leafParts(root).entries()) {
      const name = parameter(leaf.headers.get('content-disposition'), 'filename') ?? leaf.headers.get('content-location') ?? `part${i + 1}`;
      doc.children.push(
        await ctx.extractNested({ part: input.part, file: `${input.file ?? 'document'}/${decodeWords(name)}`, bytes: decodeBody(leaf), declaredType: leaf.headers.get('content-type') ?? 'text/plain', depth: input.depth + 1 }),
      );
    }
    return doc;
  },
};
