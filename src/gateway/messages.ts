import type { Finding } from '../detect/finding.js';
import type { Location } from '../extract/document.js';

/** Editor-facing texts: Simplified Chinese first, English after. Plain text (the block editor drops messages with HTML). */

function where(l: Location): string {
  const bits: string[] = [];
  if (l.file) bits.push(`文件“${l.file}”`);
  else if (l.part.startsWith('field:')) bits.push(`字段 ${l.part.slice(6)}`);
  else if (l.part.startsWith('json:')) bits.push(`字段 ${l.part.slice(7) || l.part.slice(5)}`);
  if (l.page && l.page > 1) bits.push(`第${l.page}页`);
  if (l.line) bits.push(` 第${l.line}行`);
  return bits.join('');
}

function whereEn(l: Location): string {
  const bits: string[] = [];
  if (l.file) bits.push(`file "${l.file}"`);
  else bits.push(l.part);
  if (l.page && l.page > 1) bits.push(`page ${l.page}`);
  if (l.line) bits.push(`line ${l.line}`);
  return bits.join(', ');
}

export function reasonList(reasons: Finding[], max = 3): { zh: string; en: string } {
  const shown = reasons.slice(0, max);
  const zh = shown.map((f) => `${f.description.zh}${f.evidence ? `“${f.evidence}”` : ''}${where(f.location) ? `（${where(f.location)}）` : ''}`);
  const en = shown.map((f) => `${f.description.en}${f.evidence ? ` "${f.evidence}"` : ''} (${whereEn(f.location)})`);
  const more = reasons.length - shown.length;
  return {
    zh: zh.join('；') + (more > 0 ? `；另有${more}处` : ''),
    en: en.join('; ') + (more > 0 ? `; ${more} more` : ''),
  };
}

export function blockedMessage(reasons: Finding[]): string {
  const r = reasonList(reasons);
  return (
    `发布未成功：保密审查网关检测到 ${r.zh}。涉密或内部内容不得在互联网发布，请删除相关内容或联系本单位保密管理人员。` +
    ` / Not published: the secrecy review gateway found ${r.en}. Classified or internal material must not be published online; remove it or contact your security officer.`
  );
}

export function heldMessage(holdId: string, reasons: Finding[]): string {
  const r = reasonList(reasons);
  return (
    `内容已提交保密审查，审核通过前不会发布（审查编号 ${holdId}）。原因：${r.zh}。` +
    ` / Held for secrecy review and not yet published (hold ${holdId}). Reason: ${r.en}.`
  );
}

export const tooLargeMessage = (limit: number) =>
  `提交的内容超过保密审查网关允许的大小（${Math.round(limit / 1048576)} MB），未发布。 / The submission exceeds the gateway's size limit (${Math.round(limit / 1048576)} MB) and was not published.`;

export const upstreamMessage = (timeout: boolean) =>
  timeout
    ? '网站内容管理系统响应超时，内容未确认发布，请稍后重试。 / The CMS did not answer in time; nothing was confirmed published. Try again later.'
    : '无法连接网站内容管理系统，内容未发布，请稍后重试。 / The CMS cannot be reached; nothing was published. Try again later.';

export const internalMessage =
  '保密审查网关内部错误，内容未发布，请稍后重试或联系管理员。 / Internal gateway error; nothing was published. Try again later or contact the administrator.';

export const holdStateText: Record<string, { zh: string; en: string }> = {
  pending: { zh: '等待保密审查', en: 'awaiting secrecy review' },
  releasing: { zh: '正在发布', en: 'being published' },
  released: { zh: '审查通过，已发布', en: 'approved and published' },
  'release-failed': { zh: '审查通过，但网站拒绝了原请求（如登录已过期），请重新提交', en: 'approved, but the CMS refused the original request (e.g. an expired session): please submit again' },
  'release-unknown': { zh: '发布过程中断，正在由保密员核实是否已发布', en: 'the release was interrupted: a security officer is checking whether it was published' },
  approved: { zh: '审查通过，请重新提交即可发布', en: 'approved: submit again to publish' },
  rejected: { zh: '审查未通过，不予发布', en: 'rejected: will not be published' },
};
