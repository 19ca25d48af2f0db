import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/chain.js';
import type { Metrics } from '../metrics.js';

const message = '此域名不属于本网关服务的任何网站，请求未转发。 / This host name is not one of the portals this gateway serves; the request was not forwarded.\n';
const targetMessage = '请求地址中的主机与 Host 不一致，请求未转发。 / The request target names another host than the Host header; the request was not forwarded.\n';
const reads = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Audit entries for unknown hosts: anyone can send such requests, so at most a few a second reach the store (all are counted). */
const auditBudget = { perSecond: 5, burst: 20, tokens: 20, at: Date.now() };
function withinBudget(now = Date.now()): boolean {
  auditBudget.tokens = Math.min(auditBudget.burst, auditBudget.tokens + ((now - auditBudget.at) / 1000) * auditBudget.perSecond);
  auditBudget.at = now;
  if (auditBudget.tokens < 1) return false;
  auditBudget.tokens--;
  return true;
}

/**
 * A request for a Host no portal names: refused with 421 Misdirected Request,
 * never sent to some portal's CMS by guess. Writes are audited (someone
 * tried to publish through the wrong name), a few a second at most; every
 * refusal is counted.
 */
export function unknownHost(req: IncomingMessage, out: ServerResponse | Duplex, audit: AuditTrail, metrics: Metrics, logger: Logger): void {
  metrics.requests.inc({ portal: '-', route: 'unknown-host', verdict: 'refused' });
  const host = String(req.headers.host ?? '').slice(0, 100);
  if ((!reads.has(req.method ?? '') || req.headers.upgrade) && withinBudget()) {
    const record = { host, method: req.method, path: (req.url ?? '').slice(0, 200), client: req.socket.remoteAddress };
    audit.append('unknown-host', record).catch((err: Error) => logger.error({ err: err.message }, 'audit write failed'));
    logger.warn(record, 'request for a host no portal names refused');
  }
  answer(req, out, 421, 'Misdirected Request', message);
}

/** A request whose absolute target names another host than its Host header (see request-target.ts): 400, never forwarded. */
export function badTarget(req: IncomingMessage, out: ServerResponse | Duplex, metrics: Metrics): void {
  metrics.requests.inc({ portal: '-', route: 'bad-target', verdict: 'refused' });
  answer(req, out, 400, 'Bad Request', targetMessage);
}

function answer(req: IncomingMessage, out: ServerResponse | Duplex, status: number, reason: string, text: string): void {
  if ('writeHead' in out) {
    req.resume();
    out.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), Connection: 'close' }).end(text);
  } else {
    out.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  }
}
