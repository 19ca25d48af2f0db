import { emptyDocument, type Document, type TextLine, type TextOrigin } from './document.js';
import type { ExtractContext, ExtractInput, Extractor } from './extractor.js';
import { xmlParagraphs, xmlTexts } from './ooxml-text.js';
import { readZip } from './zip.js';

const utf8 = new TextDecoder();
const byNumber = (a: string, b: string) => Number(/(\d+)\.xml$/.exec(a)?.[1] ?? 0) - Number(/(\d+)\.xml$/.exec(b)?.[1] ?? 0);

/** Paragraphs as lines; the first `headerFirst` of them are in the header zone. */
export function lines(texts: string[], origin: TextOrigin, headerFirst: number): TextLine[] {
  return texts.map((text, i) => ({ text, origin, zone: i < headerFirst ? 'header' : 'body' }));
}

/** Embedded files (images, OLE objects, nested documents) are read through the registry too. */
async function embedded(doc: Document, files: Map<string, Uint8Array>, prefix: RegExp, input: ExtractInput, ctx: ExtractContext): Promise<void> {
  for (const [name, data] of files) {
    if (!prefix.test(name) || data.length === 0) continue;
    doc.children.push(await ctx.extractNested({ part: input.part, file: `${input.file ?? 'document'}/${name}`, bytes: Buffer.from(data), depth: input.depth + 1 }));
  }
}

function metadata(files: Map<string, Uint8Array>): TextLine[] {
  const out: TextLine[] = [];
  for (const name of ['docProps/core.xml', 'docProps/app.xml', 'docProps/custom.xml']) {
    const xml = files.get(name);
    if (xml) out.push(...lines(xmlTexts(utf8.decode(xml)), 'metadata', 0));
  }
  return out;
}

const word = { p: 'w:p', text: new Set(['w:t', 'w:delText', 'w:instrText']), breaks: new Set(['w:tab', 'w:br', 'w:cr']) };

/**
 * DOCX: page headers first (a 密级 often sits there), then the body (text boxes
 * and deleted tracked changes included: the file still carries them), footers,
 * footnotes, comments and document properties; embedded media through the
 * registry.
 */
async function docx(input: ExtractInput, mediaType: string, ctx: ExtractContext): Promise<Document> {
  const doc = emptyDocument(input.part, mediaType, input.file);
  const files = readZip(input.bytes, ctx.limits);
  const part = (name: string) => utf8.decode(files.get(name)!);
  const names = [...files.keys()];
  const paragraphs = (re: RegExp) => names.filter((n) => re.test(n)).sort(byNumber).flatMap((n) => xmlParagraphs(part(n), word.p, word.text, word.breaks));
  const out: TextLine[] = [
    ...lines(paragraphs(/^word\/header\d*\.xml$/), 'visible', Infinity),
    ...lines(files.has('word/document.xml') ? xmlParagraphs(part('word/document.xml'), word.p, word.text, word.breaks) : [], 'visible', ctx.limits.headerLines),
    ...lines(paragraphs(/^word\/(?:footer\d*|footnotes|endnotes)\.xml$/), 'visible', 0),
    ...lines(paragraphs(/^word\/comments\.xml$/), 'comment', 0),
    ...metadata(files),
  ];
  doc.pages.push({ number: 1, lines: out });
  await embedded(doc, files, /^word\/(?:media|embeddings)\//, input, ctx);
  return doc;
}

/** XLSX: shared strings, inline strings, comments and properties. */
async function xlsx(input: ExtractInput, mediaType: string, ctx: ExtractContext): Promise<Document> {
  const doc = emptyDocument(input.part, mediaType, input.file);
  const files = readZip(input.bytes, ctx.limits);
  const cells: string[] = [];
  for (const name of [...files.keys()].filter((n) => /^xl\/(?:sharedStrings|worksheets\/sheet\d+|comments\d*)\.xml$/.test(n)).sort()) {
    cells.push(...xmlParagraphs(utf8.decode(files.get(name)!), name.includes('sharedStrings') ? 'si' : name.includes('comments') ? 'comment' : 'is', new Set(['t'])));
  }
  doc.pages.push({ number: 1, lines: [...lines(cells, 'visible', ctx.limits.headerLines), ...metadata(files)] });
  await embedded(doc, files, /^xl\/(?:media|embeddings)\//, input, ctx);
  return doc;
}

/** PPTX: one page per slide (its text frames), notes after, then properties. */
async function pptx(input: ExtractInput, mediaType: string, ctx: ExtractContext): Promise<Document> {
  const doc = emptyDocument(input.part, mediaType, input.file);
  const files = readZip(input.bytes, ctx.limits);
  const slides = [...files.keys()].filter((n) => /^ppt\/(?:slides\/slide|notesSlides\/notesSlide)\d+\.xml$/.test(n)).sort((a, b) => (a.includes('notes') ? 1 : 0) - (b.includes('notes') ? 1 : 0) || byNumber(a, b));
  slides.forEach((name, i) => {
    doc.pages.push({ number: i + 1, lines: lines(xmlParagraphs(utf8.decode(files.get(name)!), 'a:p', new Set(['a:t'])), 'visible', i === 0 ? ctx.limits.headerLines : 0) });
  });
  (doc.pages[0] ??= { number: 1, lines: [] }).lines.push(...metadata(files));
  await embedded(doc, files, /^ppt\/(?:media|embeddings)\//, input, ctx);
  return doc;
}

/** OpenDocument (ODT/ODS/ODP): paragraphs and headings of content.xml, then meta.xml. */
async function odf(input: ExtractInput, mediaType: string, ctx: ExtractContext): Promise<Document> {
  const doc = emptyDocument(input.part, mediaType, input.file);
  const files = readZip(input.bytes, ctx.limits);
  const content = files.get('content.xml');
  // Headings (text:h) are paragraphs too.
  const xml = content ? utf8.decode(content).replace(/<text:h\b/g, '<text:p').replace(/<\/text:h>/g, '</text:p>') : '';
  const texts = xml ? xmlParagraphs(xml, 'text:p', new Set(), new Set(['text:tab', 'text:line-break', 'text:s']), true) : [];
  const meta = files.get('meta.xml');
  doc.pages.push({ number: 1, lines: [...lines(texts, 'visible', ctx.limits.headerLines), ...(meta ? lines(xmlTexts(utf8.decode(meta)), 'metadata', 0) : [])] });
  await embedded(doc, files, /^Pictures\//, input, ctx);
  return doc;
}

const handlers: Record<string, (input: ExtractInput, mediaType: string, ctx: ExtractContext) => Promise<Document>> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': docx,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': xlsx,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': pptx,
  'application/vnd.oasis.opendocument': odf,
};

export const officeExtractor: Extractor = {
  id: 'office',
  mediaTypes: Object.keys(handlers),
  extract: (input, mediaType, ctx) => handlers[mediaType]!(input, mediaType, ctx),
};
