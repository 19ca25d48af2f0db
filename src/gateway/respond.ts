import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Finding } from '../detect/finding.js';
import type { Responder } from '../policy/schema.js';
import { escapeHtml, page } from './html-page.js';
import { blockedMessage, heldMessage, reasonList, upstreamMessage } from './messages.js';
import type { UpstreamError } from './upstream.js';

/**
 * What the editor's client shows when the gateway says no, shaped for that
 * client (docs/cms-profiles.md): the WordPress REST error shape, the classic
 * uploader's `{success:false}`, an XML-RPC fault, an HTML page for browser
 * form posts, JSON for other API clients.
 */
export type Shape = Exclude<Responder, 'auto'>;

export function shapeFor(responder: Responder, req: IncomingMessage): Shape {
  if (responder !== 'auto') return responder;
  const accept = req.headers.accept ?? '';
  const type = req.headers['content-type'] ?? '';
  const formPost = /application\/x-www-form-urlencoded|multipart\/form-data/i.test(type);
  return accept.includes('text/html') || (formPost && !accept.includes('json')) ? 'html' : 'json';
}

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function xmlRpcFault(code: number, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>${code}</int></value></member><member><name>faultString</name><value><string>${escapeHtml(message)}</string></value></member></struct></value></fault></methodResponse>\n`;
}

export interface Refusal {
  kind: 'blocked' | 'held' | 'error';
  status: number;
  /** Machine code, e.g. baomi_blocked, baomi_held, baomi_body_too_large. */
  code: string;
  message: string;
  requestId: string;
  reasons?: Finding[];
  holdId?: string;
  statusUrl?: string;
  fileName?: string;
}

export function refuse(res: ServerResponse, shape: Shape, r: Refusal): void {
  const findings = r.reasons?.map((f) => ({ rule: f.rule, category: f.category, evidence: f.evidence, location: f.location }));
  const hold = r.holdId ? { holdId: r.holdId, statusUrl: r.statusUrl } : {};
  const headers: Record<string, string> = { 'X-Baomi-Request-Id': r.requestId };
  if (r.statusUrl) headers['Location'] = r.statusUrl;
  switch (shape) {
    case 'wp-rest':
      // A 2xx makes the block editor say "Published": a hold is an error status too.
      return send(res, r.status < 400 ? 403 : r.status, 'application/json; charset=utf-8', JSON.stringify({ code: r.code, message: r.message, data: { status: r.status < 400 ? 403 : r.status, requestId: r.requestId, ...hold, findings } }), headers);
    case 'wp-async-upload':
      // The classic uploader shows data.message only for HTTP 200 with success:false.
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ success: false, data: { message: r.message, filename: r.fileName ?? '', ...hold } }), headers);
    case 'xmlrpc':
      return send(res, 200, 'text/xml; charset=utf-8', xmlRpcFault(r.status, r.message), headers);
    case 'json':
      return send(res, r.status, 'application/json; charset=utf-8', JSON.stringify({ error: r.code, message: r.message, requestId: r.requestId, ...hold, findings }), headers);
    case 'html':
      return send(res, r.status, 'text/html; charset=utf-8', refusalPage(r), headers);
  }
}

function refusalPage(r: Refusal): string {
  const [zh, en] = r.message.split(' / ');
  const reasons = r.reasons?.length ? reasonList(r.reasons, 10) : undefined;
  const list = reasons ? `<ul>${reasons.zh.split('；').map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : '';
  const status = r.statusUrl ? `<p><a class="button" href="${escapeHtml(r.statusUrl)}">查看审查状态 / Review status</a></p>` : '';
  const title = r.kind === 'held' ? '内容待保密审查' : r.kind === 'blocked' ? '发布已被拦截' : '发布未完成';
  return page(
    title,
    `<main class="${r.kind === 'held' ? 'held' : ''}"><h1>${title}</h1><p>${escapeHtml(zh ?? '')}</p>${list}<p class="en">${escapeHtml(en ?? '')}</p>` +
      `<p class="en">请求编号 / Request id: <code>${escapeHtml(r.requestId)}</code></p>${status}` +
      `<p><a href="javascript:history.back()">返回修改 / Go back and edit</a></p></main>`,
  );
}

/** 504 when the CMS was too slow, 502 when it could not be reached: nothing was published. */
export function upstreamRefusal(err: UpstreamError, requestId: string): Refusal {
  const timeout = err.kind === 'timeout';
  return { kind: 'error', status: timeout ? 504 : 502, code: timeout ? 'baomi_upstream_timeout' : 'baomi_upstream_unreachable', message: upstreamMessage(timeout), requestId };
}

export function blockedRefusal(requestId: string, reasons: Finding[], fileName?: string): Refusal {
  return { kind: 'blocked', status: 403, code: 'baomi_blocked', message: blockedMessage(reasons), requestId, reasons, fileName };
}

export function heldRefusal(requestId: string, holdId: string, statusUrl: string, reasons: Finding[], fileName?: string): Refusal {
  return { kind: 'held', status: 202, code: 'baomi_held', message: heldMessage(holdId, reasons), requestId, reasons, holdId, statusUrl, fileName };
}
