import type { Request } from 'express';
import type { Say } from './i18n.js';

/**
 * What a page says after a form (post, then redirect, then a code in the
 * query): codes, never text, so a link cannot put words in the console's mouth.
 */
const texts: Record<string, [string, string, 'ok' | 'error']> = {
  released: ['已放行，请求已发送至网站。', 'Released: the request went to the CMS.', 'ok'],
  'release-failed': ['放行失败：网站拒绝了重放的请求，已通知编辑重新提交。', 'Release failed: the CMS refused the replay; the editor is told to resubmit.', 'error'],
  approved: ['已准予重新提交：相同内容在有效期内可直接发布。', 'Approved for resubmission: the same content passes for a while.', 'ok'],
  rejected: ['已驳回。', 'Rejected.', 'ok'],
  'first-review': ['初审已记录，等待另一人终审。', 'First review recorded: someone else makes the final review.', 'ok'],
  confirmed: ['已确认发布。', 'Confirmed as published.', 'ok'],
  commented: ['已添加备注。', 'Comment added.', 'ok'],
  registered: ['文件已登记，此后的发布将与之比对。', 'Registered: every publish from now on is compared with it.', 'ok'],
  removed: ['已从登记库移除。', 'Removed from the registry.', 'ok'],
  'user-added': ['用户已添加。', 'User added.', 'ok'],
  'user-changed': ['用户已更新。', 'User changed.', 'ok'],
  'taken-down': ['已记录：内容已从网站撤下。再次爬取时若仍在网上，会重新列出。', 'Recorded as taken down: a later crawl that still finds it online opens it again.', 'ok'],
  'confirmed-public': ['已记录：内容确认可以公开。', 'Recorded as confirmed public.', 'ok'],
  'false-alarm': ['已记录为误报。', 'Recorded as a false alarm.', 'ok'],
  already_decided: ['此项已由他人处置。', 'Someone else has decided on this item already.', 'error'],
  bad_decision: ['请选择处置方式。', 'Choose a decision.', 'error'],
  own_item: ['不能审核自己提交的内容。', 'You may not decide on your own item.', 'error'],
  same_reviewer: ['终审须由初审以外的人完成。', 'The final review must be someone other than the first reviewer.', 'error'],
  final_role_required: ['您的角色不能终审此项。', 'Your role may not make the final review.', 'error'],
  officer_required: ['此项须由保密员决定。', 'A security officer decides on this item.', 'error'],
  not_pending: ['此项已由他人处理。', 'Someone else has decided on this item already.', 'error'],
  not_approvable: ['此请求无法唯一解读，只能放行或驳回。', 'This request could not be read one way only: release or reject it.', 'error'],
  reason_required: ['驳回须填写理由。', 'A rejection needs a reason.', 'error'],
  comment_required: ['备注不能为空。', 'A comment needs some text.', 'error'],
  portal_not_served: ['本网关不再服务此项所属网站。', 'This gateway no longer serves the item\'s portal.', 'error'],
  tampered: ['此项在网关之外被改动，不能处理，请通知保密员。', 'This item was changed outside the gateway: tell a security officer.', 'error'],
  changed: ['此项刚被改动，请重新操作。', 'The item changed meanwhile: try again.', 'error'],
  forbidden: ['您的角色无此操作权限。', 'Your role may not do this.', 'error'],
  csrf: ['表单已过期或来源不明，请重新操作。', 'The form expired or came from elsewhere: try again.', 'error'],
  bad_level: ['请选择密级。', 'Choose a classification level.', 'error'],
  bad_date: ['收文日期无效（YYYY-MM-DD）。', 'The date received is not a real date (YYYY-MM-DD).', 'error'],
  no_file: ['请选择要登记的文件。', 'Choose a file to register.', 'error'],
  duplicate: ['此文件已登记过。', 'This file is registered already.', 'error'],
  no_text: ['未能从文件中读出文字，未登记。', 'No text could be read from the file: not registered.', 'error'],
  not_found: ['未找到。', 'Not found.', 'error'],
  exists: ['用户名已存在。', 'That user name is taken.', 'error'],
  bad_name: ['用户名须为 1–64 个字母、数字或 . _ @ -。', 'A user name is 1-64 letters, digits or . _ @ -.', 'error'],
  bad_password: ['密码至少 12 个字符。', 'A password needs at least 12 characters.', 'error'],
  bad_role: ['请选择角色。', 'Choose a role.', 'error'],
};

export function noticeOf(req: Request, say: Say): { kind: 'ok' | 'error'; text: string } | undefined {
  const code = typeof req.query.ok === 'string' ? req.query.ok : typeof req.query.error === 'string' ? req.query.error : undefined;
  const t = code === undefined ? undefined : texts[code];
  return t && { kind: t[2], text: say(t[0], t[1]) };
}

/** Where to go after a form: the page, with the outcome's code. */
export function after(path: string, outcome: { ok: string } | { error: string }): string {
  const [key, code] = 'ok' in outcome ? ['ok', outcome.ok] : ['error', outcome.error];
  return `${path}${path.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(code)}`;
}
