/**
 * One document in one variant (a family and a format) as the request parts
 * the scanner receives: a form field, a REST JSON body, or whole files.
 */
import type { ScanPart } from '../../src/scanner.js';
import type { Photo } from '../fixtures/pages.js';
import { contentHtml, contentLines, escapeHtml, type ContentStyle } from './content.js';
import { headerImage, toDocx, toGbk, toOfd, toPdf, toPhoto, toScannedPdf, toText } from './encode.js';
import type { Doc, Line } from './gongwen.js';
import { hash, rand, type Rand } from './random.js';
import { renderPortalPage, type PageFamily } from './templates.js';

export type Variant =
  | { family: 'bare'; format: 'text'; asFile?: boolean }
  | { family: 'attachment'; format: 'pdf'; headerPicture?: boolean }
  | { family: 'attachment'; format: 'docx'; marksInPageHeader?: boolean }
  | { family: 'attachment'; format: 'ofd' }
  | { family: 'attachment'; format: 'scanned-pdf'; pages?: number }
  | { family: 'attachment'; format: 'photo'; page?: number; photo?: Photo }
  | {
      family: PageFamily;
      format: 'html' | 'html-gbk';
      asFile?: boolean;
      /** The 版头 as a picture: described in its alt/title, or sent as an image part of the same request. */
      header?: 'alt' | 'image-part';
      column?: string;
    }
  | { family: 'cms-json'; format: 'cms-json' };

const styleOf: Record<PageFamily, ContentStyle> = { 'trs-wcm': 'trs', 'dahan-jcms': 'jcms', 'xxgk-detail': 'xxgk', 'wordpress-theme': 'wp' };
const headRoles: ReadonlyArray<Line['role']> = ['copy', 'mark', 'urgency', 'banner', 'number'];

/** A short stable tag for a variant, used in sample ids. */
export function variantTag(v: Variant): string {
  const extra = 'header' in v && v.header ? `-${v.header}` : 'asFile' in v && v.asFile ? '-file' : 'headerPicture' in v && v.headerPicture ? '-header-picture' : 'marksInPageHeader' in v && v.marksInPageHeader ? '-page-header' : '';
  return `${v.family}-${v.format}${extra}`;
}

function fileStem(doc: Doc): string {
  return doc.title.replace(/[《》“”\s]/g, '').slice(0, 28);
}

async function pageParts(doc: Doc, v: Extract<Variant, { family: PageFamily }>, seed: number): Promise<ScanPart[]> {
  const r = rand(seed);
  const lines = contentLines(doc, r);
  const extra: ScanPart[] = [];
  // Editors often paste from Word into TRS and JCMS: the runs come along.
  const style: ContentStyle = (v.family === 'trs-wcm' || v.family === 'dahan-jcms') && r.chance(0.35) ? 'word' : styleOf[v.family];
  let content: string;
  if (v.header) {
    const head = lines.filter((l) => headRoles.includes(l.role));
    const rest = lines.filter((l) => !headRoles.includes(l.role));
    const src = `/uploadfiles/${doc.published.slice(0, 7).replace('-', '')}/W0${doc.published.replace(/-/g, '')}${String(seed % 1e6).padStart(6, '0')}.png`;
    let img: string;
    if (v.header === 'alt') {
      const described = head.filter((l) => l.role !== 'number').map((l) => l.text).join(' ');
      img = `<img src="${src}" alt="${escapeHtml(described)}" title="${escapeHtml(described)}" width="600" border="0" />`;
    } else {
      img = `<img src="${src}" width="600" border="0" alt="" />`;
      extra.push({ part: 'file', file: src.split('/').pop()!, bytes: await headerImage(doc), declaredType: 'image/png' });
    }
    content = `<p style="text-align: center;">${img}</p>\n${contentHtml(rest, style, r)}`;
  } else {
    content = contentHtml(lines, style, r);
  }
  const charset = v.format === 'html-gbk' ? 'gb2312' : 'utf-8';
  const column = v.column ?? (v.family === 'xxgk-detail' ? r.pick(['政策文件', '其他文件', '通知公告']) : r.pick(['通知公告', '工作动态', '部门动态', '政策文件', '乡镇动态']));
  const html = renderPortalPage(v.family, { doc, content, column, charset }, r);
  const bytes = charset === 'gb2312' ? toGbk(html) : Buffer.from(html);
  const date = doc.published.replace(/-/g, '');
  const file = v.family === 'dahan-jcms' ? `art_${r.int(1229, 1299)}_${r.int(100000, 999999)}.html` : v.family === 'wordpress-theme' ? 'index.html' : `t${date}_${r.int(1000000, 9999999)}.html`;
  const page: ScanPart = v.asFile ? { part: 'file', file, bytes } : { part: 'content', bytes, declaredType: charset === 'gb2312' ? 'text/html' : 'text/html; charset=utf-8' };
  return [page, ...extra];
}

async function attachmentParts(doc: Doc, v: Extract<Variant, { family: 'attachment' }>, seed: number, r: Rand): Promise<ScanPart[]> {
  const date = doc.published.replace(/-/g, '');
  switch (v.format) {
    case 'pdf':
      return [{ part: 'file', file: r.chance(0.5) ? `${fileStem(doc)}.pdf` : `P0${date}${r.int(100000000, 999999999)}.pdf`, bytes: await toPdf(doc, r.chance(0.3), v.headerPicture) }];
    case 'docx':
      return [{ part: 'file', file: `${fileStem(doc)}.docx`, bytes: toDocx(doc, r.chance(0.3), v.marksInPageHeader) }];
    case 'ofd':
      return [{ part: 'file', file: `${fileStem(doc)}.ofd`, bytes: toOfd(doc) }];
    case 'scanned-pdf':
      return [{ part: 'file', file: `扫描件${date}.pdf`, bytes: await toScannedPdf(doc, seed, v.pages ?? 1) }];
    case 'photo': {
      const photo: Photo = v.photo ?? { rotate: r.pick([-2, -1.2, 1, 1.8]), blur: r.pick([0, 0.5, 0.7]), unevenLight: r.chance(0.5), noise: r.chance(0.3) ? 0.15 : 0, seed };
      const file = r.chance(0.5) ? `IMG_${date}_${r.int(80000, 175959)}.jpg` : `mmexport${r.int(1700000000, 1735000000)}${r.int(100, 999)}.jpg`;
      return [{ part: 'file', file, bytes: await toPhoto(doc, v.page ?? 0, photo) }];
    }
  }
}

/** The request parts for one variant of a document; `seed` fixes every incidental choice. */
export async function renderVariant(doc: Doc, v: Variant, seed: number): Promise<ScanPart[]> {
  const r = rand(seed ^ hash(variantTag(v)));
  switch (v.family) {
    case 'bare':
      return [v.asFile ? { part: 'file', file: `${fileStem(doc)}.txt`, bytes: toText(doc) } : { part: 'content', bytes: toText(doc), declaredType: 'text/plain; charset=utf-8' }];
    case 'cms-json': {
      const body = { title: doc.title, content: contentHtml(contentLines(doc, r), 'wp-raw', r), status: 'publish', excerpt: '', categories: [r.int(2, 9)], date: `${doc.published}T09:30:00` };
      return [{ part: 'body', bytes: Buffer.from(JSON.stringify(body)), declaredType: 'application/json' }];
    }
    case 'attachment':
      return attachmentParts(doc, v, seed, r);
    default:
      return pageParts(doc, v, seed);
  }
}
