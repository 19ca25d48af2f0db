/**
 * The document model every format is rendered from: lines tagged with their
 * GB/T 9704-2012 element (份号, 密级, 版头, 主体, 版记), plus what a portal
 * shows about it (page title, publisher, date, 信息公开 fields).
 */
import type { Organ } from './site.js';

export type Role =
  | 'copy' // 份号
  | 'mark' // 密级和保密期限, or another mark at the top left
  | 'urgency' // 紧急程度
  | 'banner' // 发文机关标志
  | 'number' // 发文字号
  | 'field' // telegram header fields (等级, 签批, 发电单位)
  | 'title'
  | 'addressee' // 主送机关
  | 'para'
  | 'heading'
  | 'attach' // 附件说明
  | 'sign' // 发文机关署名
  | 'date' // 成文日期
  | 'note' // 附注, e.g. （此件公开发布）
  | 'cc' // 抄送
  | 'print'; // 印发机关和印发日期

export interface Line {
  text: string;
  role: Role;
}

export type Openness = '主动公开' | '依申请公开' | '不予公开';

export interface Doc {
  /** The title a portal page shows. */
  title: string;
  lines: Line[];
  /** 来源 / 发布机构 on the page. */
  publisher: string;
  /** 发布时间, YYYY-MM-DD. */
  published: string;
  docNumber?: string;
  /** The 信息公开 table's 公开方式, when the page has one. */
  openness?: Openness;
  /** 主题分类 in the 信息公开 table. */
  theme?: string;
}

/** 2024-03-15 → 2024年3月15日, as dates are printed in 公文. */
export function cnDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export interface GongwenSpec {
  copyNo?: string;
  /** Lines at the top left above the banner (密级, 内部, 工作秘密 …), in order. */
  marks?: string[];
  urgency?: string;
  /** The issuing organ; absent when the header (版头) was cut off. */
  organ?: Organ;
  /** Banner text when it is not `${organ.name}文件` (e.g. a 明电 banner). */
  banner?: string;
  number?: string;
  title: string;
  addressee?: string;
  body: Line[];
  attachments?: string[];
  signature?: string;
  date: string;
  notes?: string[];
  cc?: string;
  printer?: string;
  /** Published on the portal (defaults to a few days after the date). */
  published?: string;
  publisher?: string;
  openness?: Openness;
  theme?: string;
}

/** A 公文 laid out in the standard's order: 版头, 主体, 版记. */
export function gongwen(s: GongwenSpec): Doc {
  const lines: Line[] = [];
  if (s.copyNo) lines.push({ text: s.copyNo, role: 'copy' });
  for (const m of s.marks ?? []) lines.push({ text: m, role: 'mark' });
  if (s.urgency) lines.push({ text: s.urgency, role: 'urgency' });
  if (s.organ || s.banner) lines.push({ text: s.banner ?? `${s.organ!.name}文件`, role: 'banner' });
  if (s.number && (s.organ || s.banner)) lines.push({ text: s.number, role: 'number' });
  lines.push({ text: s.title, role: 'title' });
  if (s.addressee) lines.push({ text: s.addressee, role: 'addressee' });
  lines.push(...s.body);
  if (s.attachments?.length) s.attachments.forEach((a, i) => lines.push({ text: i === 0 ? `附件：${a}` : `　　　${a}`, role: 'attach' }));
  if (s.signature) lines.push({ text: s.signature, role: 'sign' });
  lines.push({ text: cnDate(s.date), role: 'date' });
  for (const n of s.notes ?? []) lines.push({ text: n, role: 'note' });
  if (s.cc) lines.push({ text: s.cc, role: 'cc' });
  if (s.printer) lines.push({ text: `${s.printer}　　　　${cnDate(s.date)}印发`, role: 'print' });
  return {
    title: s.title,
    lines,
    publisher: s.publisher ?? s.signature ?? s.organ?.name ?? '云溪县人民政府办公室',
    published: s.published ?? s.date,
    docNumber: s.number,
    openness: s.openness,
    theme: s.theme,
  };
}

/** A news item or article: title, paragraphs, publisher. */
export function article(title: string, paras: string[], publisher: string, published: string, theme?: string): Doc {
  return { title, lines: [{ text: title, role: 'title' }, ...paras.map((text): Line => ({ text, role: /^[一二三四五六七八九十]+、/.test(text) ? 'heading' : 'para' }))], publisher, published, theme };
}

export const para = (text: string): Line => ({ text, role: 'para' });
export const heading = (text: string): Line => ({ text, role: 'heading' });

/** The document as plain text, one line per element (what a copy-paste gives). */
export function docText(doc: Doc): string {
  return doc.lines.map((l) => l.text).join('\n');
}
