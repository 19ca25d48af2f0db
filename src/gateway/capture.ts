import type { IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { Problem } from '../extract/document.js';
import { GatewayError } from './errors.js';

/** True when a request carries a body (RFC 9112 §6.3: Transfer-Encoding or a non-zero Content-Length). */
export function hasBody(req: IncomingMessage): boolean {
  const te = req.headers['transfer-encoding'];
  if (te !== undefined) return true;
  const cl = req.headers['content-length'];
  return cl !== undefined && cl !== '0';
}

/**
 * Buffers the raw request body exactly as sent, counting bytes as they arrive:
 * Content-Length is trusted only to refuse early, never to stop counting.
 */
export function captureBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (req.headers['transfer-encoding'] === undefined && Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new GatewayError('BAOMI_ERR_BODY_TOO_LARGE', 413, `body of ${declared} bytes exceeds the limit of ${limit}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (err: GatewayError) => {
      if (done) return;
      done = true;
      chunks.length = 0;
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        fail(new GatewayError('BAOMI_ERR_BODY_TOO_LARGE', 413, `body exceeds the limit of ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on('aborted', () => fail(new GatewayError('BAOMI_ERR_BODY_ABORTED', 400, 'client aborted the request body')));
    req.on('error', () => fail(new GatewayError('BAOMI_ERR_BODY_ABORTED', 400, 'request body could not be read')));
  });
}

export interface Decoded {
  bytes: Buffer;
  problems: Problem[];
}

/**
 * Undoes Content-Encoding for inspection only (the CMS still receives the raw
 * bytes). Output past `limit` is a bomb: not unpacked, reported as too large.
 */
export function decodeContentEncoding(raw: Buffer, header: string | undefined, limit: number): Decoded {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let bytes = raw;
  // Codings are listed in the order applied, so undo them last first (RFC 9110 §8.4).
  for (const coding of codings.reverse()) {
    const opts = { maxOutputLength: limit };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') bytes = gunzipSync(bytes, opts);
      else if (coding === 'deflate') bytes = inflateOrRaw(bytes, opts);
      else if (coding === 'br') bytes = brotliDecompressSync(bytes, opts);
      else return { bytes: raw, problems: [{ code: 'unsupported-format', detail: `Content-Encoding ${coding} is not supported` }] };
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
function inflateOrRaw(bytes: Buffer, opts: { maxOutputLength: number }): Buffer {
  try {
    return inflateSync(bytes, opts);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw err;
    return inflateRawSync(bytes, opts);
  }
}
