import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';
import type { Problem } from '../../extract/document.js';

export interface Decoded {
  bytes: Buffer;
  problems: Problem[];
}

type Inflate = (bytes: Buffer, options: ZlibOptions & { info: true }) => { buffer: Buffer; engine: { bytesWritten: number } };

/**
 * Undoes Content-Encoding for inspection only (the CMS still receives the
 * raw bytes). Output past `limit` is a bomb: not unpacked, reported as too
 * large. Bytes after the end of a compressed stream are read by nobody the
 * same way (the CMS or a filter in front of it may parse the raw body, where
 * they are plain text): ambiguous.
 */
export function decodeContentEncoding(raw: Buffer, header: string | undefined, limit: number): Decoded {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let bytes = raw;
  // Codings are listed in the order applied, so undo them last first (RFC 9110 §8.4).
  for (const coding of codings.reverse()) {
    const inflate: Inflate | undefined =
      coding === 'gzip' || coding === 'x-gzip' ? (gunzipSync as unknown as Inflate) : coding === 'deflate' ? inflateOrRaw : coding === 'br' ? (brotliDecompressSync as unknown as Inflate) : undefined;
    if (!inflate) return { bytes: raw, problems: [{ code: 'unsupported-format', detail: `Content-Encoding ${coding} is not supported` }] };
    try {
      const { buffer, engine } = inflate(bytes, { maxOutputLength: limit, info: true });
      if (engine.bytesWritten < bytes.length) return { bytes: buffer, problems: [{ code: 'ambiguous', detail: `${bytes.length - engine.bytesWritten} bytes after the end of the ${coding} stream` }] };
      bytes = buffer;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        return { bytes: raw, problems: [{ code: 'too-large', detail: `${coding} body decodes past ${limit} bytes` }] };
      }
      return { bytes: raw, problems: [{ code: 'malformed', detail: `${coding} body cannot be decoded` }] };
    }
  }
  return { bytes, problems: [] };
}

/** HTTP "deflate" is zlib-wrapped, but some clients send raw deflate: accept both. */
const inflateOrRaw: Inflate = (bytes, options) => {
  try {
    return (inflateSync as unknown as Inflate)(bytes, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw err;
    return (inflateRawSync as unknown as Inflate)(bytes, options);
  }
};
