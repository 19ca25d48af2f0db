import { emptyDocument, type Document, type TextLine, type TextOrigin } from './document.js';
import type { ExtractContext, ExtractInput, Extractor } from './extractor.js';
import { drawing, inlineStrings, sheetComments, sheetStrings, word } from './ooxml-dialects.js';
import { mainPart, reachable, relationships } from './ooxml-package.js';
import { xmlBlocks, xmlTexts, type XmlBlock, type XmlDialect } from './ooxml-text.js';
import { sniffMediaType } from './sniff.js';
import { worksheetTexts } from './worksheet-text.js';
import { readZip } from './zip.js';

const utf8 = new TextDecoder();

/** Paragraphs as lines; the first `headerFirst` of them are in the header zone. */
export function lines(texts: string[], origin: TextOrigin, headerFirst: number): TextLine[] {
  return texts.map((text, i) => ({ text, origin, zone: i < headerFirst ? 'header' : 'body' }));
}

/** Blocks as lines: a paragraph as shown, its written form as a hidden line, attribute texts as attributes. */
function blockLines(blocks: XmlBlock[], origin: TextOrigin, headerFirst: number): TextLine[] {
  const out: TextLine[] = [];
  let paragraphs = 0;
  for (const b of blocks) {
    const zone = paragraphs < headerFirst ? 'header' : 'body';
    if (b.attribute) {
      out.push({ text: b.text, origin: 'attribute', zone });
      continue;
    }
    paragraphs++;
    if (b.text) out.push({ text: b.text, origin, zone });
    if (b.written !== undefined) out.push({ text: b.written, origin: 'hidden', zone });
  }
  return out;
}

/** How a package kind is read: its parts by relationship type, in the order a reader meets them. */
interface Plan {
  /** The main part's conventional name, used when the package names none. */
  main: string;
  /** Conventional part names by relationship type, for a package with no relationships at all (Office repairs such files). */
  conventional: Array<[RegExp, string]>;
  /** Relationship type → how such a part is read, as what, and how many of its first paragraphs are header. */
  parts: Array<{ types: string[]; read: (xml: string) => XmlBlock[]; origin: TextOrigin; header: 'all' | 'first' | 'none' }>;
}

const blocks = (dialect: XmlDialect) => (xml: string) => xmlBlocks(xml, dialect);

const docxPlan: Plan = {
  main: 'word/document.xml',
  conventional: [
    [/^word\/header\d*\.xml$/, 'header'],
    [/^word\/footer\d*\.xml$/, 'footer'],
    [/^word\/(footnotes|endnotes|comments)\.xml$/, '$1'],
  ],
  parts: [
    // Page headers first: a 密级 often sits there.
    { types: ['header'], read: blocks(word), origin: 'visible', header: 'all' },
    { types: ['officeDocument'], read: blocks(word), origin: 'visible', header: 'first' },
    { types: ['footer', 'footnotes', 'endnotes'], read: blocks(word), origin: 'visible', header: 'none' },
    { types: ['comments', 'commentsExtended'], read: blocks(word), origin: 'comment', header: 'none' },
  ],
};

const xlsxPlan: Plan = {
  main: 'xl/workbook.xml',
  conventional: [
    [/^xl\/sharedStrings\.xml$/, 'sharedStrings'],
    [/^xl\/worksheets\/sheet\d+\.xml$/, 'worksheet'],
    [/^xl\/comments\d*\.xml$/, 'comments'],
  ],
  parts: [
    { types: ['sharedStrings'], read: blocks(sheetStrings), origin: 'visible', header: 'first' },
    { types: ['worksheet'], read: (xml) => [...xmlBlocks(xml, inlineStrings), ...worksheetTexts(xml).map((text) => ({ text }))], origin: 'visible', header: 'none' },
    { types: ['comments'], read: blocks(sheetComments), origin: 'comment', header: 'none' },
  ],
};

const pptxPlan: Plan = {
  main: 'ppt/presentation.xml',
  conventional: [
    [/^ppt\/slides\/slide\d+\.xml$/, 'slide'],
    [/^ppt\/notesSlides\/notesSlide\d+\.xml$/, 'notesSlide'],
    [/^ppt\/(slideMaster|slideLayout)s\/\w+?\d+\.xml$/, '$1'],
  ],
  parts: [
    { types: ['slide'], read: blocks(drawing), origin: 'visible', header: 'first' },
    { types: ['notesSlide'], read: blocks(drawing), origin: 'visible', header: 'none' },
    { types: ['slideMaster', 'slideLayout'], read: blocks(drawing), origin: 'visible', header: 'none' },
  ],
};

/** Relationship types whose parts show text of their own (charts, SmartArt, drawings): read whole. */
const shownParts = new Set(['chart', 'diagramData', 'diagramDrawing', 'drawing', 'notesMaster', 'handoutMaster', 'glossaryDocument', 'chartUserShapes']);
const propertyParts = new Set(['core-properties', 'extended-properties', 'custom-properties', 'metadata']);
/** Parts nobody sees: fonts, printer settings, macros. Everything else that is not XML is read as a file of its own. */
const unseenParts = new Set(['font', 'printerSettings', 'vbaProject', 'customizations', 'keyMapCustomizations', 'attachedToolbars', 'wordVbaData']);

/** Parts that are files of their own (embedded objects, pictures, altChunk imports), read through the registry even when they are markup. */
const fileParts = new Set(['aFChunk', 'package', 'oleObject', 'image', 'hdphoto', 'video', 'audio', 'media']);

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
 * relationship reaches), each text of it a line; then embedded files and
 * altChunk imports (HTML, MHT, RTF) through the registry.
 */
async function readPackage(input: ExtractInput, mediaType: string, ctx: ExtractContext, plan: Plan): Promise<Document> {
  const doc = emptyDocument(input.part, mediaType, input.file);
  const files = readZip(input.bytes, ctx.limits);
  const main = mainPart(files, plan.main);
  const reached = files.has('_rels/.rels') ? reachable(files) : byConvention(files, plan);
  reached.set(main, 'officeDocument');
  const read = new Set<string>();
  const out: TextLine[] = [];
  let headerLeft = ctx.limits.headerLines;
  for (const step of plan.parts) {
    for (const name of orderedParts(files, main, reached, step.types)) {
      if (read.has(name) || !looksLikeXml(files.get(name)!)) continue;
      read.add(name);
      const partBlocks = step.read(decodeXml(files.get(name)!));
      const header = step.header === 'all' ? Infinity : step.header === 'first' ? headerLeft : 0;
      out.push(...blockLines(partBlocks, step.origin, header));
      if (step.header === 'first') headerLeft = Math.max(0, headerLeft - partBlocks.filter((b) => !b.attribute).length);
    }
  }
  doc.pages.push({ number: 1, lines: [...out, ...readRest(files, read, reached)] });
  await readNested(doc, files, read, reached, input, ctx);
  return doc;
}

/** Every XML part not read yet, each text of it a line: shown parts as visible, properties as metadata, the rest as hidden. */
function readRest(files: Map<string, Uint8Array>, read: Set<string>, reached: Map<string, string>): TextLine[] {
  const out: TextLine[] = [];
  for (const [name, bytes] of files) {
    const type = reached.get(name);
    if (read.has(name) || name.endsWith('.rels') || name === '[Content_Types].xml' || (type && fileParts.has(type)) || !looksLikeXml(bytes)) continue;
    read.add(name);
    const origin: TextOrigin = type && shownParts.has(type) ? 'visible' : (type && propertyParts.has(type)) || name === 'meta.xml' ? 'metadata' : 'hidden';
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
async function readNested(doc: Document, files: Map<string, Uint8Array>, read: Set<string>, reached: Map<string, string>, input: ExtractInput, ctx: ExtractContext): Promise<void> {
  for (const [name, bytes] of files) {
    if (read.has(name) || name.endsWith('.rels') || name === '[Content_Types].xml' || name === 'mimetype' || bytes.length === 0) continue;
    const type = reached.get(name);
    if (type ? unseenParts.has(type) : sniffMediaType(bytes) === 'application/octet-stream') continue;
    doc.children.push(await ctx.extractNested({ part: input.part, file: `${input.file ?? 'document'}/${name}`, bytes: Buffer.from(bytes), depth: input.depth + 1 }));
  }
}

/** Part → relationship type by conventional names, numbered parts in number order. */
function byConvention(files: Map<string, Uint8Array>, plan: Plan): Map<string, string> {
  const number = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);
  const out = new Map<string, string>();
  for (const name of [...files.keys()].sort((a, b) => number(a) - number(b))) {
    const hit = plan.conventional.find(([re]) => re.test(name));
    if (hit) out.set(name, name.replace(hit[0], hit[1]));
  }
  return out;
}

/**
 * The parts of the given relationship types: slides in the presentation's
 * order (p:sldIdLst), others in the order their sources relate to them.
 */
function orderedParts(files: Map<string, Uint8Array>, main: string, reached: Map<string, string>, types: string[]): string[] {
  const all = [...reached].filter(([, type]) => types.includes(type)).map(([name]) => name);
  if (!types.includes('slide')) return all;
  const ids = relationships(files, main);
  const listed = [...utf8.decode(files.get(main) ?? new Uint8Array()).matchAll(/<p:sldId\b[^>]*\br:id\s*=\s*"([^"]*)"/g)]
    .map((m) => ids.find((r) => r.id === m[1])?.target)
    .filter((t): t is string => !!t && all.includes(t));
  return [...new Set([...listed, ...all])];
}

const odfText: XmlDialect = { paragraph: 'text:p', text: new Set(), breaks: new Set(['text:tab', 'text:line-break', 'text:s']), directText: true };
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
  const none = new Map<string, string>();
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
