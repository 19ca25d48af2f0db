/**
 * Bodies of ordinary 公文 (通知, 意见, 方案, 预案, 印发通知) composed from a
 * topic, in the genre's stock order: purpose, 一、总体要求, tasks, 保障措施,
 * the reporting request. Stock phrasing is shared on purpose.
 */
import { heading, para, type Line } from './gongwen.js';
import type { Rand } from './random.js';
import { people, site, type Organ } from './site.js';
import { localise, type Topic } from './topics.js';
import { officialText } from '../fixtures/official-text.js';

export type Level = 'province' | 'city' | 'county';
export type Kind = '通知' | '意见' | '方案' | '预案';

const numerals = ['一', '二', '三', '四', '五', '六', '七', '八'];
const subNumerals = ['（一）', '（二）', '（三）', '（四）', '（五）', '（六）'];

export function addresseeFor(level: Level, r: Rand): string {
  const options = {
    province: ['各设区市人民政府，省政府直属各单位：', '各市、县（市、区）人民政府，省直有关单位：'],
    city: ['各县（市、区）人民政府，市直各单位：', '各县（市、区）人民政府，市政府各部门、各直属机构：', '各县（市、区）应急管理局，市直有关单位：'],
    county: ['各乡镇人民政府、街道办事处，县政府各部门、各直属单位：', '各乡镇（街道），县直各单位：', '各乡镇人民政府，县直有关单位：'],
  }[level];
  return r.pick(options);
}

const levelName = { province: '省', city: '市', county: '县' } as const;

function opening(topic: Topic, kind: Kind, level: Level, r: Rand): string {
  const lvl = levelName[level];
  const subject = topic.subject.replace(/^做好|^加强|^开展|^深入推进|^持续/, '');
  const options = [
    `为进一步加强${subject}，切实保障人民群众生命财产安全，根据有关法律法规规定，结合${localise('{area}', level)}实际，${kind === '通知' ? '现就有关事项通知如下：' : kind === '意见' ? '现提出如下意见：' : `特制定本${kind}。`}`,
    `为深入贯彻落实党中央、国务院决策部署和${level === 'province' ? '省委' : level === 'city' ? '省委、省政府' : '市委、市政府'}工作要求，扎实${topic.subject}，经${lvl}政府同意，${kind === '方案' || kind === '预案' ? `特制定本${kind}` : '现就有关事项通知如下'}。`,
    `${topic.subject}事关群众切身利益和经济社会发展大局。为认真贯彻上级有关文件精神，推动各项工作落到实处，现${kind === '通知' ? '将有关事项通知如下' : `制定如下${kind}`}：`,
  ];
  return r.pick(options);
}

function closing(level: Level, r: Rand): string {
  const unit = { province: '省应急管理厅', city: '市政府办公室', county: '县政府办公室' }[level];
  const month = r.int(3, 11);
  const day = r.int(1, 28);
  const phone = `0578-${r.int(6100000, 6199999)}`;
  return r.pick([
    `请各地各单位于${month}月${day}日前将工作开展情况书面报送${unit}。联系人：${r.pick(people)}，电话：${phone}。`,
    `请于${month}月${day}日前将贯彻落实情况报送${unit}，同时报送电子文档。联系电话：${phone}，电子邮箱：zfb@${site.host.replace('www.', '')}。`,
    `各地各单位工作中遇到的重大问题，请及时报告${level === 'county' ? '县政府' : level === 'city' ? '市政府' : '省政府'}。`,
  ]);
}

/** A body of about 700–1,500 characters: opening, numbered parts, closing. */
export function composeBody(topic: Topic, kind: Kind, level: Level, r: Rand, filler = 0): Line[] {
  const lines: Line[] = [para(opening(topic, kind, level, r))];
  const paras = topic.paras.map((p) => localise(p, level));
  if (kind === '通知') {
    topic.tasks.forEach((t, i) => {
      lines.push(heading(`${numerals[i]}、${t}`));
      lines.push(para(paras[i % paras.length]!));
    });
  } else {
    lines.push(heading('一、总体要求'));
    lines.push(para(`坚持以人民为中心的发展思想，坚持问题导向和目标导向。${paras[0]!}`));
    lines.push(heading(kind === '预案' ? '二、组织体系和职责' : '二、主要任务'));
    topic.tasks.forEach((t, i) => lines.push(para(`${subNumerals[i]}${t}。${paras[(i + 1) % paras.length]!}`)));
    lines.push(heading(kind === '预案' ? '三、应急响应' : '三、保障措施'));
    lines.push(para(`${subNumerals[0]}加强组织领导。各地各部门要把此项工作摆上重要议事日程，主要负责同志亲自抓，分管负责同志具体抓，确保责任到位、措施到位。`));
    lines.push(para(`${subNumerals[1]}强化督促检查。${levelName[level]}政府督查室要会同有关部门加强督查，对工作推进不力的予以通报。`));
  }
  for (const p of filler ? officialText(r.int(1, 1e6), filler) : []) lines.push(para(p));
  lines.push(para(closing(level, r)));
  return lines;
}

export function titleFor(topic: Topic, kind: Kind, place: string): string {
  if (kind === '通知') return `关于${topic.subject}的通知`;
  if (kind === '意见') return `关于${topic.subject}的实施意见`;
  if (kind === '预案') return `${place}${topic.subject.replace(/^做好|^加强/, '')}应急预案`;
  return `${place}${topic.subject.replace(/^做好/, '')}工作方案`;
}

/** The 印发 formula that fronts a plan or regulation sent down with a cover notice. */
export function issueFormula(organ: Organ, level: Level, planTitle: string, r: Rand): Line[] {
  const agreed = { province: '省人民政府', city: '市人民政府', county: '县人民政府' }[level];
  const agreedBy = organ.name.endsWith('办公室') || organ.name.endsWith('办公厅') ? `已经${agreed}同意，` : '';
  return [para(`《${planTitle}》${agreedBy}现印发给你们，请${r.pick(['认真组织实施', '认真贯彻执行', '结合实际认真贯彻落实'])}。`)];
}
