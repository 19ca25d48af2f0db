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

/** A header parameter (`boundary`, `charset`, `name`), quoted or not. */
export function parameter(header: string | undefined, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(header ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
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
  return out;
}

/** True when text bytes begin with MIME headers of a document (a MIME-Version line and a Content-Type). */
export function looksLikeMime(head: string): boolean {
  const block = head.split(/\r?\n\r?\n/)[0] ?? '';
  return /^mime-version\s*:/im.test(block) && /^content-type\s*:/im.test(block) && /^[\w-]+\s*:/.test(block);
}

export const mimeExtractor: Extractor = {
  id: 'mime',
  mediaTypes: ['message/rfc822'],
  async extract(input, mediaType, ctx): Promise<Document> {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const root = splitHeaders(input.bytes);
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
