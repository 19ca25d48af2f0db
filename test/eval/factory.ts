/**
 * Whole 公文 from an organ, a topic and a kind: numbers, dates, 主送, body,
 * signature, 版记, with the head marks and notes a sample asks for.
 */
import { addresseeFor, composeBody, issueFormula, titleFor, type Kind, type Level } from './bodies.js';
import { gongwen, type Doc, type Line, type Openness } from './gongwen.js';
import type { Rand } from './random.js';
import { cityOrgans, provinceOrgans, type Organ } from './site.js';
import { topics, type Topic } from './topics.js';

export function levelOf(organ: Organ): Level {
  if (provinceOrgans.includes(organ)) return 'province';
  if (cityOrgans.includes(organ)) return 'city';
  return 'county';
}

const placeOf = { province: '青岚省', city: '桐州市', county: '云溪县' } as const;

/** A date in 2023–2024, ISO. */
export function someDate(r: Rand, year = r.pick([2023, 2024, 2024])): string {
  return `${year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
}

/** A few days later (publication after signing). */
export function later(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const docNumber = (organ: Organ, year: string, r: Rand) => `${organ.prefix}〔${year}〕${r.int(1, 96)}号`;

const ccFor: Record<Level, string[]> = {
  province: ['抄送：省委各部门，省人大常委会办公厅，省政协办公厅，省监委，省法院，省检察院。', '抄送：国务院有关部门，省委办公厅，省人大常委会办公厅。'],
  city: ['抄送：市委各部门，市人大常委会办公室，市政协办公室，市中级法院，市检察院。', '抄送：市委办公室，市人大常委会办公室，市政协办公室。'],
  county: ['抄送：县委各部门，县人大常委会办公室，县政协办公室，县法院，县检察院。', '抄送：县委办公室，县人大常委会办公室，县政协办公室，县人武部。'],
};

export interface NoticeOptions {
  organ: Organ;
  topic?: Topic;
  kind?: Kind;
  /** 份号 (six digits), or none. */
  copyNo?: string;
  marks?: string[];
  urgency?: string;
  /** false: the 版头 was cut off (no banner, no 发文字号). */
  header?: boolean;
  /** Issued with a cover 印发 notice in front of the plan. */
  cover?: boolean;
  notes?: string[];
  openness?: Openness;
  /** Extra filler characters of stock prose in the body. */
  filler?: number;
  /** Lines put right after the body's opening paragraph. */
  insert?: Line[];
  /** Whether the 版记 is printed (default yes). */
  endMatter?: boolean;
  date?: string;
}

export function notice(r: Rand, o: NoticeOptions): Doc {
  const level = levelOf(o.organ);
  const topic = o.topic ?? r.pick(topics);
  const kind = o.kind ?? r.pick<Kind>(['通知', '通知', '意见', '方案', '预案']);
  const date = o.date ?? someDate(r);
  const number = docNumber(o.organ, date.slice(0, 4), r);
  const header = o.header ?? true;
  const place = placeOf[level];
  let title = titleFor(topic, kind, place);
  let body = composeBody(topic, kind, level, r, o.filler ?? 0);
  if (o.insert) body = [body[0]!, ...o.insert, ...body.slice(1)];
  if (o.cover || (kind !== '通知' && r.chance(0.4))) {
    const plan = title;
    title = `${o.organ.name}关于印发《${plan}》的通知`;
    body = [...issueFormula(o.organ, level, plan, r), { text: plan, role: 'title' }, ...body];
  }
  const endMatter = o.endMatter ?? true;
  return gongwen({
    copyNo: o.copyNo,
    marks: o.marks,
    urgency: o.urgency,
    organ: header ? o.organ : undefined,
    number,
    title,
    addressee: addresseeFor(level, r),
    body,
    signature: o.organ.name,
    date,
    notes: o.notes,
    cc: endMatter ? r.pick(ccFor[level]) : undefined,
    printer: endMatter ? o.organ.office : undefined,
    published: later(date, r.int(1, 12)),
    openness: o.openness,
    theme: topic.theme,
  });
}

export const copyNumber = (r: Rand) => String(r.int(1, 260)).padStart(6, '0');

