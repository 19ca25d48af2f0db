import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CmsAdapter, Refusal as CmsRefusal, RefusalWriter, SendFn } from '../cms/adapter.js';
import type { Finding } from '../detect/finding.js';
import type { RouteRule } from '../policy/schema.js';
import { PolicyError } from '../policy/load.js';
import { escapeHtml, page } from './html-page.js';
import { blockedMessage, heldMessage, reasonList, upstreamMessage } from './messages.js';
import type { UpstreamError } from './upstream.js';

/**
 * What the editor's client shows when the gateway says no, shaped for that
 * client: an HTML page for browser form posts, JSON for API clients, an
 * XML-RPC fault, or a shape the CMS adapter adds (docs/cms-profiles.md).
 */
export interface Refusal extends CmsRefusal {
  reasons?: Finding[];
}

const send: SendFn = (res, status, type, body, extra = {}) => {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
};

const builtIn: Record<string, RefusalWriter> = {
  json: (res, r, out) => {
    const hold = r.holdId ? { holdId: r.holdId, statusUrl: r.statusUrl } : {};
    out(res, r.status, 'application/json; charset=utf-8', JSON.stringify({ error: r.code, message: r.message, requestId: r.requestId, ...hold, findings: r.findings }));
  },
  xmlrpc: (res, r, out) => out(res, 200, 'text/xml; charset=utf-8', xmlRpcFault(r.status, r.message)),
  html: (res, r, out) => out(res, r.status, 'text/html; charset=utf-8', refusalPage(r as Refusal)),
};

/** Every responder a profile's route names must exist: checked when the gateway starts, not on a request. */
export function checkResponders(routes: RouteRule[], adapter: CmsAdapter): void {
  for (const route of routes) {
    if (route.responder !== 'auto' && !(route.responder in builtIn) && !(route.responder in adapter.responders)) {
      throw new PolicyError(`route ${route.name}: responder "${route.responder}" is not one of auto, ${[...Object.keys(builtIn), ...Object.keys(adapter.responders)].join(', ')}`);
    }
  }
}

/** `auto`: an HTML page for a browser (it asks for HTML, or posts a form without asking for JSON), JSON otherwise. */
function autoShape(req: IncomingMessage): string {
  const accept = req.headers.accept ?? '';
  const type = req.headers['content-type'] ?? '';
  const formPost = /application\/x-www-form-urlencoded|multipart\/form-data/i.test(type);
  return accept.includes('text/html') || (formPost && !accept.includes('json')) ? 'html' : 'json';
}

export function refuse(res: ServerResponse, req: IncomingMessage, responder: string, adapter: CmsAdapter, r: Refusal): void {
  const name = responder === 'auto' ? autoShape(req) : responder;
  const writer = adapter.responders[name] ?? builtIn[name] ?? builtIn.json!;
  const headers: Record<string, string> = { 'X-Baomi-Request-Id': r.requestId };
  if (r.statusUrl) headers['Location'] = r.statusUrl;
  const findings = r.reasons?.map((f) => ({ rule: f.rule, category: f.category, evidence: f.evidence, location: f.location }));
  writer(res, { ...r, findings }, (out, status, type, body, extra) => send(out, status, type, body, { ...headers, ...extra }));
}

function xmlRpcFault(code: number, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>${code}</int></value></member><member><name>faultString</name><value><string>${escapeHtml(message)}</string></value></member></struct></value></fault></methodResponse>\n`;
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
