import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Identity } from '../cms/adapter.js';
import type { HoldService } from '../review/holds.js';
import { escapeHtml, page } from './html-page.js';
import { holdStateText } from './messages.js';

/** A time as the portal's editors read it: 2026-12-03 16:20:05 (Asia/Shanghai). */
export function localTime(ms: number, timeZone: string): string {
  return `${new Date(ms).toLocaleString('sv-SE', { timeZone, hour12: false })} (${timeZone})`;
}

/**
 * `/_baomi/holds/:id` on the public listener: anyone with the (unguessable)
 * id sees the state of a held item, never its findings or content; a
 * rejection's reason, which may quote the marked text, only the verified
 * submitter sees. Only items held on this portal are shown.
 */
export async function editorStatusPage(req: IncomingMessage, res: ServerResponse, holds: HoldService, portal: string, timeZone: string, identify: (req: IncomingMessage) => Promise<Identity>): Promise<void> {
  const m = /^\/_baomi\/holds\/([A-Za-z0-9_-]{6,64})\/?(?:\?.*)?$/.exec(req.url ?? '');
  // Another portal's item does not exist here: its state and its submitter's name are that portal's business.
  const found = m ? await holds.get(m[1]!).catch(() => undefined) : undefined;
  const hold = found?.portal === portal ? found : undefined;
  const wantsJson = !(req.headers.accept ?? '').includes('text/html');
  if (!hold) {
    res.writeHead(404, { 'Content-Type': wantsJson ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(wantsJson ? JSON.stringify({ error: 'not_found', message: '没有该审查编号 / No such hold' }) : page('未找到', '<main><h1>没有该审查编号 / No such hold</h1></main>'));
    return;
  }
  const text = holdStateText[hold.state] ?? { zh: hold.state, en: hold.state };
  const viewer = hold.state === 'rejected' && hold.submitter ? (await identify(req).catch(() => undefined))?.user : undefined;
  const reason = viewer && viewer === hold.submitter ? hold.reason : undefined;
  const body = { holdId: hold.id, state: hold.state, message: `${text.zh} / ${text.en}`, updatedAt: new Date(hold.updatedAt).toISOString(), reason: reason ?? undefined };
  if (wantsJson) {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
    return;
  }
  const cls = hold.state === 'pending' || hold.state === 'releasing' ? 'held' : hold.state === 'released' || hold.state === 'approved' ? 'ok' : '';
  const reasonHtml = body.reason ? `<p>审查意见 / Reviewer's reason: ${escapeHtml(body.reason)}</p>` : '';
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(
    page(
      `审查状态 ${hold.id}`,
      `<main class="${cls}"><h1>审查编号 ${escapeHtml(hold.id)}</h1><p><strong>${escapeHtml(text.zh)}</strong></p><p class="en">${escapeHtml(text.en)}</p>${reasonHtml}<p class="en">更新时间 / Updated: ${escapeHtml(localTime(hold.updatedAt, timeZone))}</p></main>`,
    ),
  );
}
