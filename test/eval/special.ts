/**
 * Documents with layouts of their own: 简报 (briefings), 明电 and 密码电报
 * (telegrams), and the county's notices that paste text from elsewhere.
 */
import { gongwen, para, type Doc, type Line } from './gongwen.js';
import { later, someDate } from './factory.js';
import type { Rand } from './random.js';
import { cityOrgans, people, provinceOrgans, type Organ } from './site.js';
import { localise, topics } from './topics.js';

/** A 简报 / 信息专报: masthead, issue, editor and date line, items, 报送 lines. */
export function briefing(r: Rand, o: { marks: string[]; editor: string; name: string; level: 'city' | 'county' }): Doc {
  const date = someDate(r);
  const topic = r.pick(topics);
  const issue = r.int(3, 48);
  const lines: Line[] = [
    ...o.marks.map((text): Line => ({ text, role: 'mark' })),
    { text: o.name, role: 'banner' },
    { text: `第${issue}期`, role: 'number' },
    { text: `${o.editor}编　　　　　　　　${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`, role: 'field' },
    { text: `${o.level === 'city' ? '桐州市' : '云溪县'}${topic.subject.replace(/^做好|^加强|^开展/, '')}工作取得阶段性进展`, role: 'title' },
    ...topic.paras.slice(0, 3).map((p) => para(localise(p, o.level))),
    para(`下一步，${o.level === 'city' ? '市' : '县'}${r.pick(['应急管理局', '农业农村局', '住房城乡建设局'])}将继续加强督促指导，对发现的问题建立台账、限时整改。`),
    { text: `报：${o.level === 'city' ? '省委办公厅、省政府办公厅，市委、市政府领导' : '市委办公室、市政府办公室，县委、县政府领导'}。`, role: 'cc' },
    { text: `发：${o.level === 'city' ? '各县（市、区）委、政府，市直各单位' : '各乡镇（街道），县直各单位'}。　　（共印${r.int(40, 120)}份）`, role: 'cc' },
  ];
  return { title: `${o.name}（第${issue}期）`, lines, publisher: o.editor, published: later(date, 2), theme: topic.theme };
}

export type TelegramKind = 'plain' | 'cipher' | 'internal-banner' | 'internal-mark';

const telegramTopics = [
  { title: '关于切实做好近期强降雨防范应对工作的紧急通知', body: ['据气象部门预报，6月15日至18日我市将出现入汛以来最强降雨过程，累计雨量可达150至250毫米，局地超过300毫米，发生山洪、地质灾害的风险极高。', '各地要立即进入临战状态，对山洪灾害危险区、地质灾害隐患点、病险水库下游群众提前组织转移，转移工作须在16日18时前全部完成。', '各级防汛责任人要全部到岗到位，严禁擅离职守，对因工作不力造成人员伤亡的，严肃追究有关人员责任。'] },
  { title: '关于进一步加强节日期间安全防范工作的紧急通知', body: ['国庆节即将来临，节日期间人员流动和大型活动增多，各类安全风险交织叠加，做好安全防范工作任务艰巨。', '各地各部门要立即组织开展一次安全隐患大排查，重点检查人员密集场所、燃气场站、景区游乐设施和道路交通，发现隐患立即整改。', '节日期间严格执行领导带班和24小时值班制度，重大突发事件须在事发后30分钟内电话报告、1小时内书面报告。'] },
  { title: '关于做好寒潮低温雨雪冰冻天气防范应对工作的紧急通知', body: ['受强冷空气影响，12月20日起我市将出现持续低温雨雪冰冻天气，山区道路结冰风险较高。', '交通运输、公安交管部门要加强对高速公路、国省道和山区道路的巡查，及时撒布融雪剂，必要时采取交通管制措施。', '民政部门要做好困难群众和流浪乞讨人员的救助工作，确保群众安全温暖过冬。'] },
  { title: '关于立即开展燃气安全隐患排查整治的紧急通知', body: ['近日，外省某市一餐饮场所发生燃气爆炸事故，造成重大人员伤亡，教训十分深刻。', '各地要在3日内对辖区餐饮场所、老旧小区燃气管道开展一次全覆盖排查，对未安装可燃气体报警装置的一律停止使用。', '排查整治情况请于本月25日前报市住房城乡建设局。'] },
];

const cipherTopics = [
  { title: '关于做好重要会议期间安全稳定工作的通知', body: ['全国两会期间，各地要对辖区内重点人员逐一落实稳控措施，严防发生进京上访和聚集事件。', '对重点人员出现的异常动向，要在2小时内报告市委政法委，并同步采取处置措施。', '本电内容仅限县级领导知悉，不得翻印、转发。'] },
  { title: '关于加强重点目标安全防范的通知', body: ['近期境外敌对势力对我关键信息基础设施的渗透破坏活动明显增多，各地要立即组织对重点目标开展安全检查。', '供水、供电、供气和通信枢纽单位要加强守护力量，实行24小时值守，发现可疑情况立即报告公安机关。', '请于3日内将落实情况电告市委办公室。'] },
  { title: '关于做好涉军群体稳控工作的紧急通知', body: ['据掌握，部分涉军群体近期有串联进京集体上访的动向，各地要高度重视，立即开展摸排。', '对摸排出的骨干人员，由县级领导包案，落实专班稳控，做到底数清、情况明、措施实。', '有关情况每日17时前零报告。'] },
];

/** A 明电 (plain telegram), a 密码电报 (cipher telegram) or an 内部明电, in the 电报 header form. */
export function telegram(r: Rand, kind: TelegramKind): Doc {
  const organ: Organ = r.pick([...cityOrgans.slice(0, 3), ...provinceOrgans.slice(1, 3)]);
  const date = someDate(r, 2024);
  const year = date.slice(0, 4);
  const cipher = kind === 'cipher';
  const t = cipher ? r.pick(cipherTopics) : r.pick(telegramTopics);
  const party = organ.name.startsWith('中共');
  const number = cipher ? `${organ.prefix.replace(/发$/, '')}发电〔${year}〕${r.int(2, 40)}号` : `${organ.prefix.replace(/发$/, '')}明电〔${year}〕${r.int(2, 40)}号`;
  const level = r.pick(['特急', '加急', '特提', '平急']);
  const lines: Line[] = [];
  if (kind === 'internal-mark') lines.push({ text: '内部明电', role: 'mark' });
  if (cipher) lines.push({ text: r.pick(['密码电报', `${organ.name}密码电报`]), role: 'banner' });
  else if (kind === 'internal-banner') lines.push({ text: '内部明电', role: 'banner' });
  else lines.push({ text: `${organ.name}明电`, role: 'banner' });
  const signer = r.pick(people);
  lines.push({ text: `发电单位：${organ.name}　　　签批盖章：${signer}`, role: 'field' });
  lines.push({ text: cipher ? `等级：${level}　　密级：${r.pick(['机密', '秘密'])}　　${number}` : `等级：${level}　　　　${number}`, role: 'field' });
  lines.push({ text: t.title, role: 'title' });
  lines.push({ text: party ? '各县（市、区）委，市直各单位党组（党委）：' : '各县（市、区）人民政府，市直有关单位：', role: 'addressee' });
  lines.push(...t.body.map(para));
  lines.push({ text: organ.name, role: 'sign' });
  lines.push({ text: `${year}年${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`, role: 'date' });
  return { title: t.title, lines, publisher: organ.name, published: later(date, 1), docNumber: number };
}

/** The county's own notice that quotes text from elsewhere (pasted paragraphs, or one sentence). */
export function ownNoticeQuoting(r: Rand, o: { unit: Organ; quoted: string[]; subject: string; intro?: string; date?: string }): Doc {
  const date = o.date ?? someDate(r, 2024);
  const body: Line[] = [
    para(o.intro ?? r.pick(['根据上级有关工作要求，结合我县实际，现就有关事项通知如下：', '为贯彻落实上级部署，切实做好相关工作，现将有关要求通知如下：', '近日，上级有关部门对此项工作作出部署。现将有关要求摘录如下，请各单位认真抓好落实。'])),
    ...o.quoted.map(para),
    para(r.pick(['各单位要高度重视，主要负责同志要亲自研究部署，明确专人负责，确保各项要求落到实处。', '各乡镇（街道）要结合本地实际，细化工作措施，压实工作责任，及时协调解决工作中遇到的困难和问题。', '县政府督查室将适时对各地各单位落实情况进行督查，督查结果纳入年度综合考核。'])),
    para(`请各乡镇（街道）、县直各单位于${r.int(3, 11)}月${r.int(1, 28)}日前将落实情况报县政府办公室。联系人：${r.pick(people)}，电话：0578-${r.int(6100000, 6199999)}。`),
  ];
  return gongwen({ title: `关于${o.subject}的通知`, addressee: '各乡镇人民政府、街道办事处，县直各单位：', body, signature: o.unit.name, date, published: later(date, r.int(0, 3)) });
}
