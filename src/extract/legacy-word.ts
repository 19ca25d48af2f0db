import type CFB from 'cfb';
import WordExtractor from 'word-extractor';
import { emptyDocument, type Document } from './document.js';
import type { ExtractContext, ExtractInput } from './extractor.js';
import { lines } from './office.js';

/** FibBase.flags (MS-DOC 2.5.2): the table stream in use, and protection. */
const fWhichTblStm = 0x0200;
const fEncrypted = 0x0100;
const fObfuscated = 0x8000;

const paragraphs = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/**
 * Word 97-2003 and Kingsoft WPS binaries (.doc/.wps share the layout) through
 * word-extractor: body, page headers and footers, footnotes, endnotes,
 * comments and text boxes. The FIB is checked first: an encrypted or
 * obfuscated file, or a Word 6/95 file (no table stream), is held with the
 * reason rather than read as garbage.
 */
export async function legacyWord(input: ExtractInput, mediaType: string, ctx: ExtractContext, container: CFB.CFB$Container): Promise<Document> {
  const doc = emptyDocument(input.part, mediaType, input.file);
  const stream = (name: string) => container.FileIndex.find((e) => e.type === 2 && e.name.toLowerCase() === name.toLowerCase());
  const fib = Buffer.from(stream('WordDocument')!.content as Uint8Array);
  if (fib.length < 0x1aa || fib.readUInt16LE(0) !== 0xa5ec) {
    doc.problems.push({ code: 'malformed', detail: 'legacy Word/WPS document whose header (FIB) is not Word 97-2003' });
    return doc;
  }
  const flags = fib.readUInt16LE(0x0a);
  if (flags & (fEncrypted | fObfuscated)) {
    doc.problems.push({ code: 'encrypted', detail: 'password-protected legacy Word/WPS document' });
    return doc;
  }
  if (!stream(flags & fWhichTblStm ? '1Table' : '0Table')) {
    doc.problems.push({ code: 'unsupported-format', detail: 'Word 6/95 document (no table stream), not read as text' });
    return doc;
  }
  const word = await new WordExtractor().extract(input.bytes);
  doc.pages.push({
    number: 1,
    lines: [
      ...lines(paragraphs(word.getHeaders({ includeFooters: false })), 'visible', Infinity),
      ...lines(paragraphs(word.getBody()), 'visible', ctx.limits.headerLines),
      ...lines(paragraphs(word.getTextboxes({ includeHeadersAndFooters: true, includeBody: true })), 'visible', 0),
      ...lines([...paragraphs(word.getFooters()), ...paragraphs(word.getFootnotes()), ...paragraphs(word.getEndnotes())], 'visible', 0),
      ...lines(paragraphs(word.getAnnotations()), 'comment', 0),
    ],
  });
  return doc;
}
