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

/** Percent-decodes a urlencoded component in the given charset (`+` is a space). */
export function percentDecode(component: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < component.length; i++) {
    const c = component.charCodeAt(i);
    if (c === 0x2b) bytes.push(0x20);
    else if (c === 0x25 && i + 2 < component.length && /^[0-9a-fA-F]{2}$/.test(component.slice(i + 1, i + 3))) {
      bytes.push(parseInt(component.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else for (const b of Buffer.from(component[i]!, 'utf8')) bytes.push(b);
  }
  return decodeText(Uint8Array.from(bytes), charset);
}
