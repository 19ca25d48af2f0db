import type { Request } from 'express';
import { cookiesOf } from './cookies.js';

/** Simplified Chinese by default; English when the user chose it (a cookie set by the toggle). */
export type Lang = 'zh' | 'en';

export const langCookie = 'baomi_lang';

export function langOf(req: Request): Lang {
  return cookiesOf(req).get(langCookie) === 'en' ? 'en' : 'zh';
}

/** The phrase in the page's language: every user-facing string is written in both, side by side. */
export type Say = (zh: string, en: string) => string;

export function sayIn(lang: Lang): Say {
  return (zh, en) => (lang === 'en' ? en : zh);
}

const roleNames: Record<string, [string, string]> = {
  reviewer: ['审核员', 'reviewer'],
  officer: ['保密员', 'security officer'],
  auditor: ['审计员', 'auditor'],
  admin: ['管理员', 'administrator'],
};

/** A name from one of the tables below, in the page's language (an unknown key as it is). */
const named = (table: Record<string, [string, string]>) => (say: Say, key: string): string => (table[key] ? say(...table[key]) : key);

export const roleName = named(roleNames);

const stateNames: Record<string, [string, string]> = {
  pending: ['待审', 'pending'],
  releasing: ['发布中', 'releasing'],
  released: ['已放行', 'released'],
  'release-failed': ['放行失败', 'release failed'],
  'release-unknown': ['放行结果不明', 'release unknown'],
  approved: ['已准予重新提交', 'approved for resubmission'],
  rejected: ['已驳回', 'rejected'],
};

export const stateName = named(stateNames);

const publishedStateNames: Record<string, [string, string]> = {
  open: ['待处置', 'open'],
  'taken-down': ['已撤下', 'taken down'],
  'confirmed-public': ['确认可公开', 'confirmed public'],
  'false-alarm': ['误报', 'false alarm'],
};

export const publishedStateName = named(publishedStateNames);

const categoryNames: Record<string, [string, string]> = {
  'classified-marking': ['密级标志', 'classification marking'],
  'work-secret': ['工作秘密', 'work secret'],
  'restricted-circulation': ['限定范围', 'restricted circulation'],
  telegram: ['电报', 'telegram'],
  'superior-document': ['上级文件', 'superior document'],
  'registered-copy': ['登记涉密文件', 'registered document'],
  'unauthorized-source': ['未授权来源', 'unauthorised source'],
  keyword: ['关键词', 'keyword'],
  unscannable: ['无法检查', 'unscannable'],
};

export const categoryName = named(categoryNames);

/** A time as the reviewer reads it: the portal's zone, to the minute. */
export function shownTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at);
}
