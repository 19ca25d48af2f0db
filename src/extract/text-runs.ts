import iconv from 'iconv-lite';
import { phpUrlDecode } from '../cms/php/url.js';

/**
 * The text that sits in bytes as plain text whatever format they are in: a
 * comment after a PDF's %%EOF, a zip or tar entry name or comment, a gzip
 * header's comment, an image's text chunk, bytes an archive reader skips, a
 * compressed body's raw bytes that PHP parses as they are. Runs of at least
 * three CJK characters (or full-width forms and symbols such as ★) in UTF-8,
 * or four in GB2312's range, with short ASCII stretches between them; an
 * ASCII run with percent-encoded bytes is read decoded too. Random bytes
 * rarely hold such runs, and the total read is capped.
 */
export function textRuns(bytes: Uint8Array, options: { maxChars?: number } = {}): string[] {
  const maxChars = options.maxChars ?? 1 << 20;
  const runs: string[] = [];
  let total = 0;
  const keep = (text: string) => {
    if (total >= maxChars) return false;
    runs.push(text);
    total += text.length;
    return true;
  };
  const read = (buf: Buffer, nested: boolean) => {
    const latin1 = buf.toString('latin1');
    for (const m of latin1.matchAll(utf8Run)) if (!keep(Buffer.from(m[0], 'latin1').toString('utf8'))) return;
    for (const m of latin1.matchAll(gbRun)) if (!keep(iconv.decode(Buffer.from(m[0], 'latin1'), 'gb18030'))) return;
    if (nested) return;
    for (const m of latin1.matchAll(percentRun)) read(phpUrlDecode(Buffer.from(m[0], 'latin1')), true);
  };
  read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), false);
  return runs;
}

// Over a latin1 view of the bytes (one char per byte), so the regular-expression engine does the scanning.
/** UTF-8 three-byte characters from U+2000 to U+9FFF and U+F000 to U+FFFF (CJK, symbols, full-width forms). */
const utf8Run = /(?:[\xe2-\xe9\xef][\x80-\xbf]{2}[\x20-\x7e]{0,12}){3,}/g;
/** GB2312-range double-byte characters. */
const gbRun = /(?:[\xa1-\xf7][\xa1-\xfe][\x20-\x7e]{0,12}){4,}/g;
/** Percent-encoded bytes above 0x7f among printable ASCII. */
const percentRun = /(?:%[89a-fA-F][0-9a-fA-F][\x21-\x7e]{0,16}){3,}/g;
