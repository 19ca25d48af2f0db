import iconv from 'iconv-lite';

/** GB2312 and GBK text is valid GB18030, which is a superset of both. */
const aliases: Record<string, string> = { gb2312: 'gb18030', gbk: 'gb18030', 'x-gbk': 'gb18030', cp936: 'gb18030' };

export class CharsetError extends Error {}

/** The charset parameter of a Content-Type header, lower-cased, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1]?.toLowerCase();
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text if the bytes are valid UTF-8, else undefined (one pass: validate and decode together). */
function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes text as the CMS will read it: the declared charset when there is one,
 * a BOM, else UTF-8, falling back to GB18030 for the legacy Chinese encodings
 * when the bytes are not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array, declared?: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (declared) {
    const name = aliases[declared] ?? declared;
    if (!iconv.encodingExists(name)) throw new CharsetError(`unknown charset "${declared}"`);
    return iconv.decode(buf, name);
  }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return iconv.decode(buf.subarray(2), 'utf-16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), 'utf-16be');
  return utf8(buf) ?? iconv.decode(buf, 'gb18030');
}

/** Names iconv knows, in our preferred spelling; undefined for an unknown charset. */
function known(name: string): string | undefined {
  const n = aliases[name.toLowerCase()] ?? name.toLowerCase();
  return iconv.encodingExists(n) ? n : undefined;
}

export interface Decoding {
  charset: string;
  text: string;
}

/**
 * Every plausible reading of text bytes, distinct: PHP stores form bytes
 * without looking at any declared charset, and a reader sees them in the
 * site's charset, so the gateway reads them in that charset, as UTF-8, as
 * GB18030 when they are not valid UTF-8 (GBK portals), and in every charset
 * the request declares (a form's `_charset_`, a part's or body's
 * `charset=`). The first is the site's reading (or a BOM's).
 */
export function decodings(bytes: Uint8Array, site: string, declared: readonly string[] = []): Decoding[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const names: string[] = [];
  if (buf[0] === 0xff && buf[1] === 0xfe) names.push('utf-16le');
  else if (buf[0] === 0xfe && buf[1] === 0xff) names.push('utf-16be');
  names.push(site);
  const asUtf8 = utf8(buf);
  names.push('utf-8');
  if (asUtf8 === undefined) names.push('gb18030');
  names.push(...declared);
  const out: Decoding[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const charset = known(name);
    if (!charset || seen.has(charset)) continue;
    seen.add(charset);
    const text = charset === 'utf-8' ? (asUtf8 ?? buf.toString('utf8')).replace(/^\ufeff/, '') : iconv.decode(buf, charset);
    if (!out.some((d) => d.text === text)) out.push({ charset, text });
  }
  return out;
}
