import type { Document, Zone } from '../extract/document.js';
import { normalise, withoutWhitespace, type Normalised } from './normalise.js';

/** A line ready for rules: the original, its normalised form, and where it sits. */
export interface ScanLine {
  text: string;
  norm: Normalised;
  zone: Zone;
  origin: Document['pages'][number]['lines'][number]['origin'];
  page: number;
  index: number;
  box?: Document['pages'][number]['lines'][number]['box'];
  running?: boolean;
}

/**
 * GB/T 9704-2012 §7.4: the end matter (版记: 抄送, 印发机关和印发日期) and the
 * 附注 under the date close a document. Lines from the first such marker near
 * the end of the last page are in the `end` zone.
 */
/**
 * A line that is already body text: a 主送 line (各…：), a paragraph, a numbered
 * point (一、) or end matter. The header zone ends before it.
 */
const bodyLike = (l: ScanLine) =>
  l.norm.text.length > 40 || /^[^:：]{2,}[:：]\s*$/.test(l.norm.text) || /^[一二三四五六七八九十]{1,3}、/.test(l.norm.text) || endMarker.test(l.norm.text);
/** Marks are short lines; spaces inside them (秘 密 ★ 1 年) are evasion or old layout, not meaning. */
const squeezeUpTo = 40;

const endMarker = /^\s*(?:抄送|主送|附注|附件)\s*[:：]|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发\s*$|^\s*\(\s*此[件电]/;
const endWindow = 12;

/** On a positioned page (PDF, OFD, OCR) the header zone is the top band of page 1 (版头 sits above the red rule). */
const headerBand = 0.3;

/** A picture much wider than tall is a band cut from a page, not a page: a 版头 saved as an image is all head. */
const bandRatio = 0.6;

function zoneByPosition(page: Document['pages'][number], line: Document['pages'][number]['lines'][number]): Zone | undefined {
  if (!page.height || !line.box) return undefined;
  if (page.number !== 1) return 'body';
  if (page.width && page.height < page.width * bandRatio) return 'header';
  return line.box.y + line.box.h / 2 < page.height * headerBand ? 'header' : 'body';
}

/**
 * Normalised forms of recent lines: a page is read as rendered and as
 * written, and most lines are the same in both. Bounded by characters (an
 * offset map costs 8 bytes a character); cleared when full.
 */
const recent = new Map<string, Normalised>();
const recentChars = { now: 0, max: 256 * 1024 };
function normaliseOnce(text: string): Normalised {
  let norm = recent.get(text);
  if (!norm) {
    norm = normalise(text);
    if (text.length > recentChars.max / 16) return norm;
    if (recentChars.now + text.length > recentChars.max) {
      recent.clear();
      recentChars.now = 0;
    }
    recent.set(text, norm);
    recentChars.now += text.length;
  }
  return norm;
}

/**
 * A web page copied as text (pasted into a field, printed, saved as a
 * document) still carries the page's meta line and disclosure fields above
 * the document: 当前位置, 发布时间, 浏览次数, 字体 大中小, 索引号, 公开方式.
 */
const pageMeta = /^(?:当前位置|您(?:现在)?的位置|发布(?:时间|日期)|阅读次数|点击[数率量]|来源[:：]|字[体号][:：]?(?:\s*\[)?\s*大|索引号|发布机构|成文日期|公开(?:方式|属性)|主题分类|分享到)|浏览次数|访问量[:：]/;
const metaWindow = 40;

/**
 * Where the page's meta lines end among the first lines, a document's head
 * begins: the lines after them are head too. Only ever added: a meta line
 * typed under a real head must not push the head out of it.
 */
function startAfterPageMeta(flow: ScanLine[]): void {
  if (flow.some((l) => l.box)) return; // positioned pages are zoned by position
  let last = -1;
  for (let i = 0; i < Math.min(flow.length, metaWindow); i++) if (pageMeta.test(flow[i]!.norm.text)) last = i;
  if (last < 0) return;
  let end = last + 1;
  while (end < flow.length && end <= last + headWindow && !bodyLike(flow[end]!)) flow[end++]!.zone = 'header';
}

/**
 * A document carried inside another (a 转发 notice that reproduces the
 * forwarded document whole) has a head of its own further down: a 份号 or a
 * marking line, then within a few lines the issuer's banner or 发文字号.
 */
const headStart = /^(?:\d{6,7}|(?:\d{6,7})?(?:绝|机|秘)密\S{0,16}|内部\S{0,8}|工作秘密\S{0,8})$/;
const bannerOrNumber = /(?:文件|函|纪要|明电|电报)$|^\S{1,12}\[\d{4}\]\d{1,4}号$/;
const headWindow = 8;

function markEmbeddedHeads(flow: ScanLine[]): void {
  for (let i = 0; i < flow.length; i++) {
    const l = flow[i]!;
    if (l.zone === 'header' || l.norm.text.length > 24 || !headStart.test(l.norm.text)) continue;
    const banner = flow.slice(i + 1, i + 4).findIndex((n) => n.norm.text.length <= 40 && bannerOrNumber.test(n.norm.text));
    if (banner < 0) continue;
    let j = i;
    while (j < flow.length && j - i < headWindow && (j <= i + 1 + banner || !bodyLike(flow[j]!))) flow[j++]!.zone = 'header';
    i = j - 1;
  }
}

const besideFlow = new Set<ScanLine['origin']>(['attribute', 'comment', 'metadata', 'aside', 'chrome']);

/** Normalises every line once and assigns zones: header from position or the extractor, end matter found here. */
export function scanLines(doc: Document): ScanLine[] {
  const out: ScanLine[] = [];
  for (const page of doc.pages) {
    page.lines.forEach((line, index) => {
      const norm = normaliseOnce(line.text);
      const zone = zoneByPosition(page, line) ?? line.zone;
      out.push({ text: line.text, norm: norm.text.length <= squeezeUpTo ? withoutWhitespace(norm) : norm, zone, origin: line.origin, page: page.number, index, box: line.box, running: line.running });
    });
  }
  // Text beside the document (attributes, comments, properties, other parts, a page's chrome) neither ends its header nor starts its end matter.
  const flow = out.filter((l) => !besideFlow.has(l.origin));
  // The extractor marks the first lines as header; the header ends earlier where the body visibly starts (a long running title does not end it).
  const firstBody = flow.findIndex((l) => l.zone === 'header' && !l.running && bodyLike(l));
  if (firstBody >= 0) for (const l of flow.slice(firstBody)) if (l.zone === 'header' && !l.running) l.zone = 'body';
  // Heads further down: after a pasted page's meta lines, and of documents carried inside this one.
  startAfterPageMeta(flow);
  markEmbeddedHeads(flow);
  const lastPage = flow.at(-1)?.page;
  const tail = flow.filter((l) => l.page === lastPage && l.zone !== 'header').slice(-endWindow);
  const start = tail.findIndex((l) => endMarker.test(l.norm.text));
  if (start >= 0) for (const l of tail.slice(start)) l.zone = 'end';
  return out;
}
