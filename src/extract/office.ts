import { emptyDocument, type Document, type TextLine, type TextOrigin } from './document.js';
import type { ExtractContext, ExtractInput, Extractor } from './extractor.js';
import { drawing, odfText, sheetComments, wordDialect } from './ooxml-dialects.js';
import { OoxmlPackage } from './ooxml-package.js';
import { xmlBlocks, xmlTexts, type XmlBlock, type XmlDialect } from './ooxml-text.js';
import { sniffMediaType } from './sniff.js';
import { slideBlocks, slideHeight } from './slide-text.js';
import { WordStyles } from './word-styles.js';
import { Workbook, worksheetBlocks } from './worksheet-text.js';
import { readZip } from './zip.js';

const utf8 = new TextDecoder();

/** Paragraphs as lines; the first `headerFirst` of them are in the header zone. */
export function lines(texts: string[], origin: TextOrigin, headerFirst: number): TextLine[] {
  return texts.map((text, i) => ({ text, origin, zone: i < headerFirst ? 'header' : 'body' }));
}

/**
 * Blocks as lines: a paragraph as shown, its written form as a hidden line,
 * attribute texts as attributes. The first `headerFirst` paragraphs, and
 * blocks drawn at the top or printed as page headers, are in the header zone.
 */
function blockLines(blocks: XmlBlock[], origin: TextOrigin, headerFirst: number): TextLine[] {
  const out: TextLine[] = [];
  let paragraphs = 0;
  for (const b of blocks) {
    const zone = b.header === true || b.running || (b.header === undefined && paragraphs < headerFirst) ? 'header' : 'body';
    const running = b.running || headerFirst === Infinity ? { running: true } : {};
    if (b.attribute) {
      out.push({ text: b.text, origin: 'attribute', zone });
      continue;
    }
    if (b.header === undefined && !b.running) paragraphs++;
    if (b.text) out.push({ text: b.text, origin, zone, ...running });
    if (b.written !== undefined) out.push({ text: b.written, origin: 'hidden', zone, ...running });
  }
  return out;
}

/** What a reading of one package needs besides a part's XML: its styles, its shared strings, its slide size. */
interface Reading {
  pkg: OoxmlPackage;
  main: string;
}

/** How a package kind is read: its parts by relationship type, in the order a reader meets them. */
interface Plan<R extends Reading> {
  /** The main part's conventional name, used when the package names none. */
  main: string;
  /** Conventional part names by relationship type, for a package with no relationships at all (Office repairs such files). */
  conventional: Array<[RegExp, string]>;
  /** Loads what the parts refer to (styles, shared strings); returns the parts that consumed. */
  prepare(reading: Reading): { reading: R; consumed: string[] };
  /**
   * Relationship types → how such a part is read (`index`: its place among
   * them), as what, and how many of its first paragraphs are header:
   * `running` (a page header), `first` (the start of the document) or `none`.
   */
  parts: Array<{ types: string[]; read: (xml: string, reading: R, index: number) => XmlBlock[]; origin: TextOrigin; header: 'running' | 'first' | 'none' }>;
  /** Lines of what `prepare` loaded that no part showed (shared strings no cell uses). */
  leftover?(reading: R): TextLine[];
}

const xmlOf = (pkg: OoxmlPackage, part: string | undefined) => {
  const bytes = part === undefined ? undefined : pkg.files.get(part);
  return bytes ? decodeXml(bytes) : undefined;
};

const docxPlan: Plan<Reading & { dialect: XmlDialect }> = {
  main: 'word/document.xml',
  conventional: [
    [/^word\/header\d*\.xml$/, 'header'],
    [/^word\/footer\d*\.xml$/, 'footer'],
    [/^word\/(footnotes|endnotes|comments|styles)\.xml$/, '$1'],
  ],
  prepare: (r) => ({ reading: { ...r, dialect: wordDialect(new WordStyles(xmlOf(r.pkg, r.pkg.related(r.main, ['styles'])[0] ?? r.pkg.name('word/styles.xml')))) }, consumed: [] }),
  parts: [
    // Page headers first: a 密级 often sits there.
    { types: ['header'], read: (xml, r) => xmlBlocks(xml, r.dialect), origin: 'visible', header: 'running' },
    { types: ['officeDocument'], read: (xml, r) => xmlBlocks(xml, r.dialect), origin: 'visible', header: 'first' },
    { types: ['footer', 'footnotes', 'endnotes'], read: (xml, r) => xmlBlocks(xml, r.dialect), origin: 'visible', header: 'none' },
    { types: ['comments', 'commentsExtended'], read: (xml, r) => xmlBlocks(xml, r.dialect), origin: 'comment', header: 'none' },
  ],
};

const xlsxPlan: Plan<Reading & { book: Workbook }> = {
  main: 'xl/workbook.xml',
  conventional: [
    [/^xl\/(sharedStrings|styles)\.xml$/, '$1'],
    [/^xl\/worksheets\/sheet\d+\.xml$/, 'worksheet'],
    [/^xl\/comments\d*\.xml$/, 'comments'],
  ],
  prepare(r) {
    const strings = r.pkg.related(r.main, ['sharedStrings'])[0] ?? r.pkg.name('xl/sharedStrings.xml');
    const styles = r.pkg.related(r.main, ['styles'])[0] ?? r.pkg.name('xl/styles.xml');
    return { reading: { ...r, book: new Workbook(xmlOf(r.pkg, strings), xmlOf(r.pkg, styles)) }, consumed: strings ? [strings] : [] };
  },
  parts: [
    // Cells in sheet order and row order: the first cells of the first sheet are its header.
    { types: ['worksheet'], read: (xml, r) => worksheetBlocks(xml, r.book), origin: 'visible', header: 'first' },
    { types: ['comments'], read: (xml) => xmlBlocks(xml, sheetComments), origin: 'comment', header: 'none' },
  ],
  leftover: (r) => lines(r.book.unused(), 'aside', 0),
};

const pptxPlan: Plan<Reading & { height: number }> = {
  main: 'ppt/presentation.xml',
  conventional: [
    [/^ppt\/slides\/slide\d+\.xml$/, 'slide'],
    [/^ppt\/notesSlides\/notesSlide\d+\.xml$/, 'notesSlide'],
    [/^ppt\/(slideMaster|slideLayout)s\/\w+?\d+\.xml$/, '$1'],
  ],
  prepare: (r) => ({ reading: { ...r, height: slideHeight(xmlOf(r.pkg, r.main)) }, consumed: [] }),
  parts: [
    // Slides in presentation order, shapes from the top: what is drawn at the top of slide 1 is its header.
    { types: ['slide'], read: (xml, r, i) => slideBlocks(xml, { height: r.height, first: i === 0, master: false }), origin: 'visible', header: 'first' },
    { types: ['notesSlide'], read: (xml) => xmlBlocks(xml, drawing), origin: 'visible', header: 'none' },
    { types: ['slideMaster', 'slideLayout'], read: (xml, r) => slideBlocks(xml, { height: r.height, first: true, master: true }), origin: 'visible', header: 'none' },
  ],
};

const propertyParts = new Set(['core-properties', 'extended-properties', 'custom-properties', 'metadata']);
/** Parts nobody sees: fonts, printer settings, macros. Everything else that is not XML is read as a file of its own. */
const unseenParts = new Set(['font', 'printerSettings', 'vbaProject', 'customizations', 'keyMapCustomizations', 'attachedToolbars', 'wordVbaData']);
/** Parts that are files of their own (embedded objects, pictures, altChunk imports), read through the registry even when they are markup. */
const fileParts = new Set(['aFChunk', 'package', 'oleObject', 'image', 'hdphoto', 'video', 'audio', 'media']);
const anyOf = (types: Set<string> | undefined, set: Set<string>) => !!types && [...types].some((t) => set.has(t));

/** XML parts are UTF-8 or, with a byte-order mark, UTF-16. */
function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return utf8.decode(bytes);
}
const looksLikeXml = (bytes: Uint8Array) => /^\s*</.test(decodeXml(bytes.subarray(0, 64)).replace(/^\ufeff/, ''));

/**
 * Reads an Office Open XML package the way Office finds its parts: through
 * the relationships from the main document (a header may be called
 * anything). The plan's parts come first, in its order; then every other XML
 * part (charts, diagrams, masters, properties, custom XML, and parts no
 * relationship reaches), each text of it a line beside the flow; then
 * embedded files and altChunk imports (HTML, MHT, RTF) through the registry.
 */
async function readPackage<R extends Reading>(input: ExtractInput, mediaType: string, ctx: ExtractContext, plan: Plan<R>): Promise<Document> {
  const doc = emptyDocument(input.part, mediaType, input.file);
  const pkg = new OoxmlPackage(readZip(input.bytes, ctx.limits));
  const main = pkg.mainPart(plan.main);
  const reached = pkg.bytes('_rels/.rels') ? pkg.reachable() : byConvention(pkg.files, plan.conventional);
  reached.set(main, new Set([...(reached.get(main) ?? []), 'officeDocument']));
  const { reading, consumed } = plan.prepare({ pkg, main });
  const read = new Set<string>(consumed);
  const out: TextLine[] = [];
  let headerLeft = ctx.limits.headerLines;
  for (const step of plan.parts) {
    const names = orderedParts(pkg, main, reached, step.types).filter((name) => !read.has(name) && looksLikeXml(pkg.files.get(name)!));
    names.forEach((name, index) => {
      read.add(name);
      const blocks = step.read(decodeXml(pkg.files.get(name)!), reading, index);
      const header = step.header === 'running' ? Infinity : step.header === 'first' ? headerLeft : 0;
      out.push(...blockLines(blocks, step.origin, header));
      if (step.header === 'first') headerLeft = Math.max(0, headerLeft - blocks.filter((b) => !b.attribute && !b.running && b.header === undefined).length);
    });
  }
  doc.pages.push({ number: 1, lines: [...out, ...(plan.leftover?.(reading) ?? []), ...readRest(pkg.files, read, reached)] });
  await readNested(doc, pkg.files, read, reached, input, ctx);
  return doc;
}

/** Every XML part not read yet, each text of it a line beside the document's flow: properties as metadata, the rest aside. */
function readRest(files: Map<string, Uint8Array>, read: Set<string>, reached: Map<string, Set<string>>): TextLine[] {
  const out: TextLine[] = [];
  for (const [name, bytes] of files) {
    const types = reached.get(name);
    if (read.has(name) || name.endsWith('.rels') || name === '[Content_Types].xml' || anyOf(types, fileParts) || !looksLikeXml(bytes)) continue;
    read.add(name);
    const origin: TextOrigin = anyOf(types, propertyParts) || name === 'meta.xml' ? 'metadata' : 'aside';
    out.push(...lines(xmlTexts(decodeXml(bytes)), origin, 0));
  }
  return out;
}

/**
 * Every other part is a file of its own, read through the registry: images,
 * embedded objects, altChunk imports. Parts nobody sees (fonts, printer
 * settings, macros) are left; a part no relationship reaches is read when its
 * bytes are of a known kind.
 */
async function readNested(doc: Document, files: Map<string, Uint8Array>, read: Set<string>, reached: Map<string, Set<string>>, input: ExtractInput, ctx: ExtractContext): Promise<void> {
  for (const [name, bytes] of files) {
    if (read.has(name) || name.endsWith('.rels') || name === '[Content_Types].xml' || name === 'mimetype' || bytes.length === 0) continue;
    const types = reached.get(name);
    if (types ? [...types].every((t) => unseenParts.has(t)) : sniffMediaType(bytes) === 'application/octet-stream') continue;
    doc.children.push(await ctx.extractNested({ part: input.part, file: `${input.file ?? 'document'}/${name}`, bytes: Buffer.from(bytes), depth: input.depth + 1 }));
  }
}

/** Part → relationship type by conventional names, numbered parts in number order. */
function byConvention(files: Map<string, Uint8Array>, conventional: Array<[RegExp, string]>): Map<string, Set<string>> {
  const number = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);
  const out = new Map<string, Set<string>>();
  for (const name of [...files.keys()].sort((a, b) => number(a) - number(b))) {
    const hit = conventional.find(([re]) => re.test(name));
    if (hit) out.set(name, new Set([name.replace(hit[0], hit[1])]));
  }
  return out;
}

/**
 * The parts of the given relationship types: slides and sheets in the order
 * the main part lists them (p:sldIdLst, <sheets>), others in the order the
 * package reaches them.
 */
function orderedParts(pkg: OoxmlPackage, main: string, reached: Map<string, Set<string>>, types: string[]): string[] {
  const all = [...reached].filter(([, t]) => types.some((type) => t.has(type))).map(([name]) => name);
  if (!types.includes('slide') && !types.includes('worksheet')) return all;
  const targets = new Map(pkg.relationships(main).map((r) => [r.id, r.target]));
  const wanted = new Set(all);
  const listed = [...(xmlOf(pkg, main) ?? '').matchAll(/<(?:\w+:)?(?:sldId|sheet)\b[^>]*\br:id\s*=\s*"([^"]*)"/g)]
    .map((m) => targets.get(m[1]!))
    .filter((t): t is string => !!t && wanted.has(t));
  return [...new Set([...listed, ...all])];
}

/** Headings (text:h) are paragraphs too. */
const odfBlocks = (bytes: Uint8Array | undefined) =>
  bytes ? xmlBlocks(decodeXml(bytes).replace(/<text:h\b/g, '<text:p').replace(/<\/text:h>/g, '</text:p>'), odfText) : [];

/**
 * OpenDocument (ODT/ODS/ODP): page headers and footers of the master pages
 * (styles.xml), paragraphs and headings of content.xml, then every other XML
 * part (meta.xml, embedded objects' content) and the pictures.
 */
async function odf(input: ExtractInput, mediaType: string, ctx: ExtractContext): Promise<Document> {
  const doc = emptyDocument(input.part, mediaType, input.file);
  const files = readZip(input.bytes, ctx.limits);
  const read = new Set(['content.xml', 'styles.xml']);
  const out = [...blockLines(odfBlocks(files.get('styles.xml')), 'visible', Infinity), ...blockLines(odfBlocks(files.get('content.xml')), 'visible', ctx.limits.headerLines)];
  const none = new Map<string, Set<string>>();
  doc.pages.push({ number: 1, lines: [...out, ...readRest(files, read, none)] });
  await readNested(doc, files, read, none, input, ctx);
  return doc;
}

const handlers: Record<string, (input: ExtractInput, mediaType: string, ctx: ExtractContext) => Promise<Document>> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (i, m, c) => readPackage(i, m, c, docxPlan),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (i, m, c) => readPackage(i, m, c, xlsxPlan),
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': (i, m, c) => readPackage(i, m, c, pptxPlan),
  'application/vnd.oasis.opendocument': odf,
};

export const officeExtractor: Extractor = {
  id: 'office',
  mediaTypes: Object.keys(handlers),
  extract: (input, mediaType, ctx) => handlers[mediaType]!(input, mediaType, ctx),
};
