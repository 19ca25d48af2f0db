import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { GatewayError } from './errors.js';

/** True when a request carries a body (RFC 9112 §6.3: Transfer-Encoding or a non-zero Content-Length). */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const cl = headers['content-length'];
  return cl !== undefined && cl !== '0';
}

/**
 * Framing the CMS's server may read differently: a transfer coding other
 * than chunked (`gzip, chunked` reaches Node as chunked, with gzip left
 * for whoever reads it next). Answered 400, as RFC 9112 §6.1 allows.
 */
export function framingError(headers: IncomingHttpHeaders): string | undefined {
  const te = headers['transfer-encoding'];
  if (te !== undefined && te.trim().toLowerCase() !== 'chunked') return `Transfer-Encoding "${te.slice(0, 40)}" is not accepted: send the body with Content-Length or chunked alone`;
  return undefined;
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
