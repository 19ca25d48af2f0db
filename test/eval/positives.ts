/**
 * Positive groups: what a security officer must stop, labelled from the
 * document (never from the scanner). Head marks block; the same marks lower
 * in a body hold; see each group's `why`.
 */
import { article, cnDate, gongwen, para, type Doc, type Line } from './gongwen.js';
import { copyNumber, levelOf, notice, someDate } from './factory.js';
import { bareVariant, dedupe, pageVariant, spread, type GroupSpec } from './groups.js';
import { rand, type Rand } from './random.js';
import { bodyText, distinctive, registeredDocs, type RegisteredDoc } from './registered.js';
import { cityOrgans, ownOrgans, provinceOrgans, superiorOrgans } from './site.js';
import { briefing, ownNoticeQuoting, telegram } from './special.js';
import { localise, topics } from './topics.js';

const nn = (i: number) => String(i + 1).padStart(2, '0');

/** Lines of another document appended after the date (an 附件 on its own page). */
function withAppendix(doc: Doc, appendix: Line[]): Doc {
  const at = doc.lines.findIndex((l) => l.role === 'cc' || l.role === 'print');
  const lines = at < 0 ? [...doc.lines, ...appendix] : [...doc.lines.slice(0, at), ...appendix, ...doc.lines.slice(at)];
  return { ...doc, lines };
}

function headMarks(): GroupSpec[] {
  const r = rand(101);
  // As typed in practice too: full-width digits from the IME, spaces around the star.
  const marks = ['秘密★1年', '机密★5年', '绝密★长期', '机密★2025年12月31日', '秘密★6个月', '机密★10年', '秘密★2年', '秘密★1年', '机密★3年', '机密★长期', '秘密★2026年6月30日', '秘密★一年', '机密★1年', '绝密★20年', '秘密★１年', '机密 ★ 5年'];
  return marks.map((mark, i) => {
    const organ = i % 3 === 2 ? r.pick(ownOrgans.slice(0, 3)) : r.pick(superiorOrgans);
    const oldStyle = i === 5 || i === 12;
    const copyNo = r.chance(0.6) || oldStyle ? copyNumber(r) : undefined;
    // GB/T 9704-1999 put the 密级 at the top right, on the 份号 line.
    const doc = notice(r, { organ, copyNo: oldStyle ? undefined : copyNo, marks: [oldStyle ? `${copyNo}　　　　　　　　　　　　${mark}` : mark], urgency: r.chance(0.25) ? r.pick(['特急', '加急']) : undefined });
    const variants = spread(r, { bare: ['text', 'text-file', 'pdf', 'docx', 'docx', 'ofd'] });
    if (i % 4 === 1) variants.push({ family: 'attachment', format: 'scanned-pdf' });
    if (i === 6) variants.push({ family: 'attachment', format: 'photo' });
    return { group: `mark-head/${nn(i)}`, doc, variants: dedupe(variants), expect: 'block', category: 'classified-marking', strong: true, why: `${mark} at the head of a ${levelOf(organ)}-level document${copyNo ? ' with 份号' : ''}: a classified document` } satisfies GroupSpec;
  });
}

function bodyMarks(): GroupSpec[] {
  const r = rand(102);
  const marks = ['秘密★1年', '机密★5年', '秘密★2年', '机密★长期', '秘密★6个月', '机密★2025年6月30日'];
  return marks.map((mark, i) => {
    const organ = r.pick(ownOrgans);
    const base = notice(r, { organ, kind: '通知' });
    const other = r.pick(topics);
    const appendix: Line[] = [
      { text: `附件${r.int(1, 3)}`, role: 'attach' },
      { text: mark, role: 'mark' },
      { text: `${other.subject.replace(/^做好|^加强/, '')}有关情况`, role: 'title' },
      ...other.paras.slice(0, 3).map((p) => para(localise(p, 'city'))),
    ];
    const doc = withAppendix(base, appendix);
    return { group: `mark-body/${nn(i)}`, doc, variants: spread(r), expect: 'hold', category: 'classified-marking', why: `${mark} on its own line at the head of an appended 附件, below a public notice: the appendix is classified, a reviewer must look` } satisfies GroupSpec;
  });
}

function workSecrets(): GroupSpec[] {
  const r = rand(103);
  const out: GroupSpec[] = [];
  const names = ['政务信息', '应急值守信息专报', '督查通报', '工作简报'];
  names.forEach((name, i) => {
    const doc = briefing(r, { marks: i % 2 ? ['内部资料', '注意保存'] : ['内部资料　注意保存'], editor: i % 2 ? '云溪县人民政府办公室' : '桐州市人民政府办公室', name, level: i % 2 ? 'county' : 'city' });
    const variants = spread(r, { pages: ['trs-wcm', 'dahan-jcms', 'wordpress-theme'] });
    if (i >= 2) variants.push({ family: 'attachment', format: 'docx', marksInPageHeader: true });
    out.push({ group: `work-secret-briefing/${nn(i)}`, doc, variants: dedupe(variants), expect: 'block', category: 'work-secret', why: '内部资料 注意保存 at the head of a 简报: internal circulation only' });
  });
  for (let i = 0; i < 3; i++) {
    const doc = notice(r, { organ: i === 0 ? r.pick(ownOrgans) : r.pick(superiorOrgans), marks: [i === 2 ? '工作秘密　注意保管' : '工作秘密'], copyNo: i === 1 ? copyNumber(r) : undefined });
    out.push({ group: `work-secret-mark/${nn(i)}`, doc, variants: spread(r), expect: 'block', category: 'work-secret', why: '工作秘密 at the top left of a document: a work secret, not for publication' });
  }
  for (let i = 0; i < 3; i++) {
    const doc = notice(r, { organ: r.pick(superiorOrgans), marks: ['内部'], copyNo: i === 2 ? copyNumber(r) : undefined });
    out.push({ group: `work-secret-internal/${nn(i)}`, doc, variants: spread(r), expect: 'block', category: 'work-secret', why: '内部 printed at the top left of a document: internal circulation only' });
  }
  for (let i = 0; i < 3; i++) {
    const doc = notice(r, { organ: r.pick(ownOrgans), openness: '不予公开' });
    const variants = dedupe([pageVariant(r, ['xxgk-detail']), pageVariant(r, ['xxgk-detail']), bareVariant(r)]);
    // The bare file carries the decision too, as 公开属性 under the date.
    const bare = { ...doc, lines: doc.lines.flatMap((l) => (l.role === 'date' ? [l, { text: '（公开属性：不予公开）', role: 'note' as const }] : [l])) };
    out.push({ group: `not-public-table/${nn(i)}`, doc, variants: variants.filter((v) => v.family === 'xxgk-detail'), alternates: [{ doc: bare, variants: variants.filter((v) => v.family !== 'xxgk-detail') }], expect: 'hold', category: 'work-secret', why: '公开方式：不予公开 in the 信息公开 table (or 公开属性 under the date): the organ decided not to publish it' });
  }
  for (let i = 0; i < 2; i++) {
    const doc = notice(r, { organ: r.pick(ownOrgans), notes: [r.pick(['（此件不予公开）', '（此件不公开）'])] });
    out.push({ group: `not-public-note/${nn(i)}`, doc, variants: spread(r, { pages: ['trs-wcm', 'dahan-jcms', 'wordpress-theme'] }), expect: 'hold', category: 'work-secret', why: '附注 under the date says the document is not to be made public' });
  }
  for (let i = 0; i < 2; i++) {
    const base = notice(r, { organ: r.pick(ownOrgans), kind: '通知' });
    const doc = withAppendix(base, [{ text: '附件', role: 'attach' }, { text: '内部资料', role: 'mark' }, { text: '有关单位联系人及值班电话', role: 'title' }, ...['县应急管理局　张伟　0578-6123301', '县水利局　刘海涛　0578-6123317', '县自然资源和规划局　孙永红　0578-6123342'].map(para)]);
    out.push({ group: `work-secret-body/${nn(i)}`, doc, variants: spread(r), expect: 'hold', category: 'work-secret', why: '内部资料 heading an appended 附件 below a public notice: internal material pasted in' });
  }
  return out;
}

function bareLevels(): GroupSpec[] {
  const r = rand(104);
  return [0, 1, 2, 3].map((i) => {
    const level = i % 2 ? '机密' : '秘密';
    const copyNo = copyNumber(r);
    const doc = notice(r, { organ: r.pick(superiorOrgans), ...(i < 2 ? { copyNo, marks: [level] } : { marks: [`${copyNo}　　${level}`] }) });
    return { group: `level-bare/${nn(i)}`, doc, variants: spread(r), expect: 'block', category: 'classified-marking', strong: true, why: `bare 密级 ${level} beside a six-digit 份号 at the head: a classified document whose period was left out` } satisfies GroupSpec;
  });
}

function headerImages(): GroupSpec[] {
  const r = rand(105);
  const marks = ['机密★5年', '秘密★1年', '秘密★2年', '机密★10年', '秘密★1年', '机密★3年', '秘密★6个月', '机密★1年'];
  return marks.map((mark, i) => {
    const doc = notice(r, { organ: r.pick(superiorOrgans), copyNo: copyNumber(r), marks: [mark] });
    const mode = i < 4 ? 'alt' : 'image-part';
    const bare = i === 7 ? ({ family: 'attachment', format: 'photo' } as const) : bareVariant(r, ['text', 'pdf', 'docx']);
    const variants = dedupe([pageVariant(r, ['trs-wcm', 'dahan-jcms', 'wordpress-theme'], mode), bare]);
    // The attachment's own 版头 is a picture too.
    if (i === 1 || i === 5) variants.push({ family: 'attachment', format: 'pdf', headerPicture: true });
    return { group: `header-image/${nn(i)}`, doc, variants, expect: 'block', category: 'classified-marking', strong: true, why: mode === 'alt' ? `the 版头 is a picture whose alt/title read ${mark}` : `the 版头 (份号, ${mark}, red banner) is a picture sent with the page` } satisfies GroupSpec;
  });
}

function superiorDocuments(): GroupSpec[] {
  const r = rand(106);
  const out: GroupSpec[] = [];
  const noXxgk = ['trs-wcm', 'dahan-jcms', 'wordpress-theme'] as const;
  for (let i = 0; i < 8; i++) {
    const organ = i < 5 ? r.pick(cityOrgans) : r.pick(provinceOrgans);
    const doc = notice(r, { organ });
    const variants = spread(r, { pages: noXxgk });
    if (i === 3 || i === 6) variants.push({ family: 'attachment', format: 'scanned-pdf' });
    out.push({ group: `superior-unreleased/${nn(i)}`, doc, variants: dedupe(variants), expect: 'hold', category: 'superior-document', why: `${organ.name}'s red-header document (banner, ${organ.prefix} number) with no release note: may not be public, needs review` });
  }
  for (let i = 0; i < 4; i++) {
    const organ = r.pick(superiorOrgans);
    const doc = { ...notice(r, { organ, header: false }), docNumber: undefined };
    out.push({ group: `superior-cut-header/${nn(i)}`, doc, variants: spread(r, { pages: noXxgk }), expect: 'hold', category: 'superior-document', why: `${organ.name}'s document with the 版头 cut off but its signature and 版记 (抄送, 印发) left: a superior document without release evidence` });
  }
  // The county forwards a classified superior document inside its own 转发 notice.
  for (let i = 0; i < 3; i++) {
    const organ = r.pick(superiorOrgans);
    const inner = notice(r, { organ, copyNo: copyNumber(r), marks: [r.pick(['秘密★1年', '机密★5年', '秘密★2年'])] });
    const own = r.pick(ownOrgans.slice(0, 2));
    const date = someDate(r, 2024);
    const cover = gongwen({ title: `${own.name}关于转发${inner.title.startsWith(organ.name) ? inner.title.slice(organ.name.length) : `${organ.name}${inner.title}`}的通知`, addressee: '各乡镇人民政府、街道办事处，县政府各部门：', body: [para(`现将${organ.name}《${inner.title}》（${inner.docNumber}）转发给你们，请结合实际，认真贯彻执行。`)], signature: own.name, date });
    const doc: Doc = { ...cover, lines: [...cover.lines, ...inner.lines], docNumber: `${own.prefix}〔2024〕${r.int(10, 90)}号` };
    const mark = inner.lines.find((l) => l.role === 'mark')!.text;
    out.push({ group: `superior-forwarded-classified/${nn(i)}`, doc, variants: spread(r, { pages: noXxgk }), expect: 'block', category: 'classified-marking', why: `a 转发 notice carrying the forwarded ${organ.name} document with its 份号 and ${mark}: a classified document re-published` });
  }
  return out;
}

function restricted(): GroupSpec[] {
  const r = rand(107);
  return ['（此件发至县级）', '（此件发至乡镇）', '（此件发至县处级）'].map((note, i) => {
    const doc = notice(r, { organ: r.pick(superiorOrgans), notes: [note] });
    return { group: `restricted/${nn(i)}`, doc, variants: spread(r, { pages: ['trs-wcm', 'dahan-jcms', 'wordpress-theme'] }), expect: 'hold', category: 'restricted-circulation', why: `${note} limits who receives it: not for the public` } satisfies GroupSpec;
  });
}

function telegrams(): GroupSpec[] {
  const r = rand(108);
  const out: GroupSpec[] = [];
  const retyped = ['trs-wcm', 'dahan-jcms', 'wordpress-theme'] as const;
  for (let i = 0; i < 3; i++) {
    const doc = telegram(r, 'plain');
    out.push({ group: `telegram-plain/${nn(i)}`, doc, variants: [{ family: 'attachment', format: 'photo' }, pageVariant(r, retyped)], expect: 'hold', category: 'telegram', why: 'a superior 明电 (banner, 明电 number, 等级, 签批): telegrams go to named units, not to the public, unless released' });
  }
  for (let i = 0; i < 3; i++) {
    const doc = telegram(r, 'cipher');
    const variants = spread(r, { bare: ['text', 'pdf', 'docx'], pages: retyped });
    if (i === 0) variants.push({ family: 'attachment', format: 'photo' });
    out.push({ group: `telegram-cipher/${nn(i)}`, doc, variants: dedupe(variants), expect: 'block', category: 'telegram', strong: true, why: '密码电报 banner: a cipher telegram is classified by definition' });
  }
  for (let i = 0; i < 3; i++) {
    const doc = telegram(r, i === 1 ? 'internal-mark' : 'internal-banner');
    out.push({ group: `telegram-internal/${nn(i)}`, doc, variants: spread(r, { pages: retyped }), expect: 'block', category: 'telegram', why: '内部明电 at the head: an internal telegram, never for publication' });
  }
  return out;
}

/** What re-typing changes: full-width digits, a dropped 的, two paragraphs run together. */
function retype(paras: string[], r: Rand): string[] {
  const out = [...paras];
  const i = r.int(0, out.length - 1);
  out[i] = out[i]!.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const j = r.int(0, out.length - 1);
  out[j] = out[j]!.replace('的', '');
  const k = r.int(0, out.length - 2);
  out.splice(k, 2, out[k]! + out[k + 1]!);
  return out;
}

/** The registered document re-typed without its 版头 (mark, number, banner) and sometimes without its 版记. */
export function registeredCopy(d: RegisteredDoc, r: Rand, retyped = false): Doc {
  const body = retyped ? retype(bodyText(d), r) : bodyText(d);
  const lines: Line[] = [{ text: d.title, role: 'title' }, { text: d.addressee, role: 'addressee' }, ...body.map(para), { text: d.organ.name, role: 'sign' }, { text: cnDate(d.date), role: 'date' }];
  if (r.chance(0.5)) lines.push({ text: d.cc, role: 'cc' });
  return { title: d.title, lines, publisher: r.pick(ownOrgans).name, published: d.date };
}

function registeredGroups(): GroupSpec[] {
  const r = rand(109);
  const out: GroupSpec[] = [];
  registeredDocs.forEach((d, i) => {
    const retyped = i % 2 === 1;
    const copy = registeredCopy(d, r, retyped);
    out.push({ group: `registry-copy/${nn(i)}`, doc: copy, variants: spread(r, { bare: ['text', 'text-file', 'pdf', 'docx'], pages: ['trs-wcm', 'dahan-jcms', 'wordpress-theme'] }), expect: 'block', category: 'registered-copy', strong: true, why: `a copy of registered ${d.level} document ${d.number} with its header removed${retyped ? ', re-typed (full-width digits, a dropped 的, two paragraphs joined)' : ''}` });
  });
  registeredDocs.forEach((d, i) => {
    const paras = distinctive(d);
    const n = 1 + (i % 3);
    const start = r.int(0, Math.max(0, paras.length - n));
    const quoted = paras.slice(start, start + n);
    const doc = ownNoticeQuoting(r, { unit: r.pick(ownOrgans), quoted, subject: r.pick(['进一步做好当前重点工作', '贯彻落实上级工作部署', '做好近期有关工作']) });
    out.push({ group: `registry-excerpt/${nn(i)}`, doc, variants: spread(r, { bare: ['text', 'pdf', 'docx'] }), expect: 'block', category: 'registered-copy', strong: true, why: `the county's notice pastes ${n} distinctive paragraph(s) (${quoted.join('').length} chars) of registered ${d.number}` });
  });
  registeredDocs.slice(0, 6).forEach((d, i) => {
    const news = [`近日，${r.pick(['县委常委会', '县政府常务会议', '县安委会全体会议'])}召开，传达学习上级有关会议和文件精神，研究部署我县贯彻落实工作。`, `会议指出，${d.short}，各单位要统一思想，认真对照上级要求抓好落实。`, '会议要求，各乡镇（街道）和县直各单位要压实工作责任，加强协调配合，确保各项工作任务按时完成。'];
    const doc = article(r.pick(['我县召开专题会议部署近期重点工作', '县政府召开工作推进会', '县委召开专题会议传达学习上级精神']), news, '县政府办公室', someDate(r, 2024));
    out.push({ group: `registry-sentence/${nn(i)}`, doc, variants: spread(r, { bare: ['text', 'text-file'] }), expect: 'hold', category: 'registered-copy', why: `a news item quoting one distinctive sentence (${d.short.length} chars) of registered ${d.number}: a reviewer must check it` });
  });
  registeredDocs.slice(6, 9).forEach((d, i) => {
    const page = registeredCopy(d, r);
    out.push({ group: `registry-photo/${nn(i)}`, doc: page, variants: [{ family: 'attachment', format: 'photo' }, pageVariant(r, ['wordpress-theme', 'trs-wcm'])], expect: 'block', category: 'registered-copy', strong: true, why: `a phone photo of the first body page of registered ${d.number} (no header on it), and the same page re-typed` });
  });
  return out;
}

export function positiveGroups(): GroupSpec[] {
  return [...headMarks(), ...bodyMarks(), ...workSecrets(), ...bareLevels(), ...headerImages(), ...superiorDocuments(), ...restricted(), ...telegrams(), ...registeredGroups()];
}

