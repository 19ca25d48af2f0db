import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { posix } from 'node:path';
import { emptyDocument, type Document } from './document.js';
import type { ExtractContext, ExtractInput, Extractor } from './extractor.js';
import { itemsToLines, type Item } from './positioned-lines.js';
import { readZip } from './zip.js';

/**
 * OFD (GB/T 33190-2016), the Chinese fixed-layout format: a zip of XML parts.
 * OFD.xml → DocRoot (Document.xml) → pages (Content.xml) → TextObject/TextCode
 * with positions in mm from the top left; image objects go to OCR through the
 * registry. Layout: GB/T 33190 (OFD).
 */
const utf8 = new TextDecoder();
const local = (name: string) => name.slice(name.indexOf(':') + 1);
/** Private-use glyph codes: an obfuscated text layer (the real text only shows when rendered). */
const privateUse = /[\ue000-\uf8ff]/;

function xml(files: Map<string, Uint8Array>, path: string) {
  const key = [...files.keys()].find((k) => k.toLowerCase() === path.toLowerCase());
  return key ? load(utf8.decode(files.get(key)!).replace(/^\ufeff/, ''), { xml: true }) : undefined;
}

/** `/x` is the package root; anything else is relative to the referencing part's folder. */
function resolve(from: string, loc: string): string {
  return loc.startsWith('/') ? loc.slice(1) : posix.normalize(posix.join(posix.dirname(from), loc));
}

function elements($: ReturnType<typeof load>, name: string): Element[] {
  return $('*')
    .toArray()
    .filter((e): e is Element => e.type === 'tag' && local(e.name) === name);
}

/** `g 3 5.6 2.8` → 5.6 5.6 5.6 2.8; too few advances repeat the last (as ofdrw does). */
function deltas(spec: string | undefined): number[] {
  const out: number[] = [];
  const t = (spec ?? '').trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 'g') {
      const n = Number(t[i + 1]);
      const v = Number(t[i + 2]);
      for (let k = 0; k < n; k++) out.push(v);
      i += 2;
    } else out.push(Number(t[i]));
  }
  return out;
}

function pageItems($: ReturnType<typeof load>, pageHeight: number): Item[] {
  const items: Item[] = [];
  for (const obj of elements($, 'TextObject')) {
    const [bx = 0, by = 0] = (obj.attribs.Boundary ?? '0 0 0 0').split(/\s+/).map(Number);
    const size = Number(obj.attribs.Size ?? 3.5);
    const ctm = obj.attribs.CTM?.split(/\s+/).map(Number);
    let x = 0;
    let y = 0;
    for (const code of obj.children.filter((c): c is Element => c.type === 'tag' && local(c.name) === 'TextCode')) {
      x = code.attribs.X !== undefined ? Number(code.attribs.X) : x;
      y = code.attribs.Y !== undefined ? Number(code.attribs.Y) : y;
      const text = code.children.map((c) => ('data' in c ? c.data : '')).join('').replace(/\n\s*/g, '');
      const dx = deltas(code.attribs.DeltaX);
      const width = [...text].slice(1).reduce((sum, _c, i) => sum + (dx[Math.min(i, dx.length - 1)] ?? size), size);
      const [px, py] = ctm && ctm.length === 6 ? [ctm[0]! * x + ctm[2]! * y + ctm[4]!, ctm[1]! * x + ctm[3]! * y + ctm[5]!] : [x, y];
      // OFD measures y down from the top to the baseline; lines are rebuilt in PDF's y-up convention.
      items.push({ str: text, x: bx + px, y: pageHeight - (by + py), w: width, h: size });
    }
  }
  return items;
}

async function extractOfd(input: ExtractInput, mediaType: string, ctx: ExtractContext): Promise<Document> {
  const doc = emptyDocument(input.part, mediaType, input.file);
  const files = readZip(input.bytes, ctx.limits);
  if ([...files.keys()].some((k) => /^encryptions\.xml$/i.test(k))) {
    doc.problems.push({ code: 'encrypted', detail: 'OFD package is encrypted (Encryptions.xml)' });
    return doc;
  }
  const root = xml(files, 'OFD.xml');
  if (!root) throw new Error('no OFD.xml');
  let pageNumber = 0;
  for (const docRoot of elements(root, 'DocRoot')) {
    const docPath = resolve('OFD.xml', root(docRoot).text().trim());
    const $doc = xml(files, docPath);
    if (!$doc) throw new Error(`missing ${docPath}`);
    const box = elements($doc, 'PhysicalBox')[0];
    const [, , width = 210, height = 297] = (box ? $doc(box).text() : '0 0 210 297').trim().split(/\s+/).map(Number);
    const media = new Map<string, string>();
    for (const resLoc of [...elements($doc, 'PublicRes'), ...elements($doc, 'DocumentRes')]) {
      const resPath = resolve(docPath, $doc(resLoc).text().trim());
      const $res = xml(files, resPath);
      if (!$res) continue;
      const base = elements($res, 'Res')[0]?.attribs.BaseLoc ?? '';
      for (const mm of elements($res, 'MultiMedia')) {
        const file = mm.children.find((c): c is Element => c.type === 'tag' && local(c.name) === 'MediaFile');
        if (file) media.set(mm.attribs.ID!, resolve(resPath, posix.join(base, $res(file).text().trim())));
      }
    }
    for (const page of elements($doc, 'Page')) {
      ctx.signal.throwIfAborted();
      const contentPath = resolve(docPath, page.attribs.BaseLoc ?? '');
      const $page = xml(files, contentPath);
      if (!$page) continue;
      pageNumber++;
      const items = pageItems($page, height);
      if (items.some((i) => privateUse.test(i.str))) {
        doc.problems.push({ code: 'unsupported-format', detail: `page ${pageNumber} has an obfuscated text layer (private-use glyph codes)` });
      }
      doc.pages.push({ number: pageNumber, width, height, lines: itemsToLines(items, height, ctx.limits.headerLines) });
      for (const image of elements($page, 'ImageObject')) {
        const path = media.get(image.attribs.ResourceID ?? '');
        const data = path ? [...files.entries()].find(([k]) => k.toLowerCase() === path.toLowerCase())?.[1] : undefined;
        if (data) doc.children.push(await ctx.extractNested({ part: input.part, file: `${input.file ?? 'document.ofd'}/${path}`, bytes: Buffer.from(data), depth: input.depth + 1 }));
      }
    }
  }
  return doc;
}

export const ofdExtractor: Extractor = { id: 'ofd', mediaTypes: ['application/ofd'], extract: extractOfd };
