/**
 * Negative groups: what a county portal publishes every day and must go
 * through — released superior documents, the county's own documents, secrecy
 * awareness articles, stock phrasing, ordinary uses of 秘密/机密/内部.
 */
import { para, type Doc } from './gongwen.js';
import { notice } from './factory.js';
import { layout } from './layout.js';
import { bareVariant, dedupe, pageVariant, spread, type GroupSpec } from './groups.js';
import { rand } from './random.js';
import { registeredDocs } from './registered.js';
import { awarenessArticles } from './awareness.js';
import { appointments, meetingMinutes, newsItems, ordinaryWordUses, policyExplanations, telegramWordsInProse, tenderNotices } from './ordinary.js';
import { cityOrgans, ownOrgans, superiorOrgans } from './site.js';

const nn = (i: number) => String(i + 1).padStart(2, '0');
const released = ['（此件公开发布）', '（此件公开发布）', '（此件主动公开）'];

function releasedSuperior(): GroupSpec[] {
  const r = rand(201);
  const out: GroupSpec[] = [];
  for (let i = 0; i < 10; i++) {
    const organ = r.pick(superiorOrgans);
    const note = r.pick(released);
    const doc = notice(r, { organ, notes: [note], cover: i % 3 === 0 });
    out.push({ group: `released-note/${nn(i)}`, doc, variants: spread(r, { extra: 0.5 }), expect: 'allow', why: `${organ.name}'s document reposted with ${note} under the date: released by its issuer` });
  }
  for (let i = 0; i < 8; i++) {
    const organ = r.pick(superiorOrgans);
    const doc = notice(r, { organ, openness: '主动公开' });
    const variants = dedupe([pageVariant(r, ['xxgk-detail']), ...(r.chance(0.5) ? [pageVariant(r, ['xxgk-detail'])] : [])]);
    out.push({ group: `released-table/${nn(i)}`, doc, variants, expect: 'allow', why: `${organ.name}'s document in the 信息公开 catalogue with 公开方式：主动公开` });
  }
  return out;
}

function ownDocuments(): GroupSpec[] {
  const r = rand(202);
  const out: GroupSpec[] = [];
  for (let i = 0; i < 18; i++) {
    const organ = r.pick(ownOrgans);
    const doc = notice(r, { organ, openness: '主动公开', notes: i % 4 === 0 ? ['（此件公开发布）'] : undefined, filler: i % 3 === 0 ? 300 : 0 });
    out.push({ group: `own-document/${nn(i)}`, doc, variants: spread(r, { extra: 0.5 }), expect: 'allow', why: `the portal's own organ (${organ.name}, ${organ.prefix}) publishing its red-header document` });
  }
  return out;
}

/** Generic sentences that also occur in the registered documents' stock paragraphs. */
const stockSentences = [
  '各地各部门要深入贯彻落实党中央、国务院决策部署，坚持安全第一、预防为主',
  '各地各单位要严格落实值班值守制度，主要负责同志保持24小时通信畅通，重要情况第一时间报告。',
  '坚持统一领导、分级负责、军民融合、平战结合',
  '坚持人民至上、生命至上，坚持预防为主、防救结合',
  '各级党委（党组）要切实履行维护稳定第一责任',
  '各地要加强舆情监测，对网上涉稳信息要早发现、早报告、早处置，防止线上线下联动炒作。',
  '坚持依法征收、阳光操作，坚持把维护群众合法权益放在首位',
  '各地各部门要加强组织领导，落实防护经费，定期组织演练，确保各项措施落到实处。',
];

function stockPhrasing(): GroupSpec[] {
  const r = rand(203);
  const all = registeredDocs.flatMap((d) => d.body.filter((p) => !p.startsWith('!'))).join('\n');
  for (const s of stockSentences) if (!all.includes(s)) throw new Error(`stock sentence not in a registered document's stock paragraphs: ${s}`);
  const out: GroupSpec[] = [];
  for (let i = 0; i < 8; i++) {
    const organ = i < 5 ? r.pick(ownOrgans) : r.pick(cityOrgans);
    const stock = stockSentences[i]!;
    const insert = [para(stock.endsWith('。') ? stock : `${stock}，确保各项工作有序推进。`)];
    const doc = notice(r, { organ, cover: i % 2 === 0, kind: r.pick(['方案', '意见', '预案']), insert, notes: i >= 5 ? ['（此件公开发布）'] : undefined });
    out.push({ group: `stock-phrasing/${nn(i)}`, doc, variants: spread(r), expect: 'allow', why: `a different document sharing only stock phrasing with the registered ones (印发 formula, 一、总体要求, “${stockSentences[i]!.slice(0, 12)}…”)${i >= 5 ? ', released' : ''}` });
  }
  return out;
}

function articles(): GroupSpec[] {
  const r = rand(204);
  const sets: Array<[string, Doc[], string]> = [
    ['awareness', awarenessArticles(r), 'a secrecy-awareness article that quotes marks and names 内部明电 as examples'],
    ['ordinary-words', ordinaryWordUses(r), 'ordinary use of 秘密/机密/内部 (商业秘密, 内部控制, 机密性, 保守国家秘密, 不予公开 statistics)'],
    ['news', newsItems(r), 'a county news item'],
    ['policy-explained', policyExplanations(r), 'a 政策解读 of a public policy (some cite public 明电 numbers)'],
    ['tender', tenderNotices(r), 'a public procurement notice (商业秘密 clause)'],
    ['appointment', appointments(r), 'a public appointment notice or 任前公示'],
    ['minutes', meetingMinutes(r), 'minutes of a public meeting, published'],
    ['telegram-prose', telegramWordsInProse(r), 'prose citing a public 明电 number or a 防指明电 in passing'],
  ];
  return sets.flatMap(([name, docs, why]) =>
    docs.map((doc, i): GroupSpec => ({ group: `${name}/${nn(i)}`, doc, variants: spread(r, { bare: ['text', 'text-file', 'docx', 'pdf', 'ofd'], extra: 0.5 }), expect: 'allow', why: `${why}: ${doc.title}` })),
  );
}

function images(): GroupSpec[] {
  const r = rand(205);
  const out: GroupSpec[] = [];
  for (let i = 0; i < 4; i++) {
    const doc = notice(r, { organ: r.pick(ownOrgans) });
    out.push({ group: `own-scan/${nn(i)}`, doc, variants: [{ family: 'attachment', format: 'scanned-pdf' }, bareVariant(r, ['text', 'docx'])], expect: 'allow', why: "a scan of the county's own red-header notice" });
  }
  for (let i = 0; i < 4; i++) {
    const doc = i < 2 ? notice(r, { organ: r.pick(ownOrgans), endMatter: false }) : notice(r, { organ: r.pick(cityOrgans), notes: ['（此件公开发布）'] });
    // The released document is photographed on the page where its release note is printed.
    const page = i < 2 ? 0 : layout(doc).findIndex((p) => p.some((l) => l.role === 'note'));
    out.push({ group: `own-photo/${nn(i)}`, doc, variants: [{ family: 'attachment', format: 'photo', page }, pageVariant(r, ['trs-wcm', 'wordpress-theme'])], expect: 'allow', why: i < 2 ? "a phone photo of the county's own notice" : 'a photo of the page of a released city document that carries 此件公开发布 under the date' });
  }
  for (let i = 0; i < 3; i++) {
    const doc = notice(r, { organ: r.pick(ownOrgans.slice(0, 2)) });
    out.push({ group: `own-header-image/${nn(i)}`, doc, variants: [pageVariant(r, ['trs-wcm', 'dahan-jcms', 'wordpress-theme'], 'image-part')], expect: 'allow', why: "the county's own 版头 (its banner and number, no mark) as a picture sent with the page" });
  }
  return out;
}

export function negativeGroups(): GroupSpec[] {
  return [...releasedSuperior(), ...ownDocuments(), ...stockPhrasing(), ...articles(), ...images()];
}
