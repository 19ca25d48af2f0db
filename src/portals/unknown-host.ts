import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/chain.js';
import type { Metrics } from '../metrics.js';

const message = '此域名不属于本网关服务的任何网站，请求未转发。 / This host name is not one of the portals this gateway serves; the request was not forwarded.\n';
const reads = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request for a Host no portal names: refused with 421 Misdirected Request,
 * never sent to some portal's CMS by guess. Writes are audited (someone
 * tried to publish through the wrong name); every refusal is counted.
 */
export function unknownHost(req: IncomingMessage, out: ServerResponse | Duplex, audit: AuditTrail, metrics: Metrics, logger: Logger): void {
  metrics.requests.inc({ portal: '-', route: 'unknown-host', verdict: 'refused' });
  const host = String(req.headers.host ?? '').slice(0, 100);
  if (!reads.has(req.method ?? '') || req.headers.upgrade) {
    const record = { host, method: req.method, path: (req.url ?? '').slice(0, 200), client: req.socket.remoteAddress };
    audit.append('unknown-host', record).catch((err: Error) => logger.error({ err: err.message }, 'audit write failed'));
    logger.warn(record, 'request for a host no portal names refused');
  }
  if ('writeHead' in out) {
    req.resume();
    out.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(message), Connection: 'close' }).end(message);
  } else {
    out.end(`HTTP/1.1 421 Misdirected Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`);
  }
}
