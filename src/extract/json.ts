import { emptyDocument, linesFromText } from './document.js';
import { textOf, type Extractor } from './extractor.js';
import { JsonError, readJson } from './json-values.js';

/**
 * A JSON file or body (a CMS's REST content saved to a file, an export): every
 * string value is read as content of its own, the way the CMS stores and
 * renders it (a post's `content` is a page of HTML; its `title` a line), and
 * every key is read beside it. A file that only looks like JSON and is not
 * is read as plain text; one declared JSON that is not holds as malformed.
 */
export const jsonExtractor: Extractor = {
  id: 'json',
  mediaTypes: ['application/json'],
  text: true,
  async extract(input, mediaType, ctx) {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const text = textOf(input);
    let values;
    try {
      values = readJson(text, { depth: ctx.limits.extractDepth * 8, leaves: 100_000 });
    } catch (err) {
      if (!(err instanceof JsonError)) throw err;
      if (/json/i.test(input.declaredType ?? '') || err.kind !== 'malformed') doc.problems.push({ code: err.kind, detail: `JSON: ${err.message}` });
      doc.pages.push({ number: 1, lines: linesFromText(text, 'visible', ctx.limits.headerLines) });
      return doc;
    }
    doc.pages.push({ number: 1, lines: values.keys.filter((k) => /[^\x00-\x7f]/.test(k)).map((k) => ({ text: k, origin: 'attribute' as const, zone: 'body' as const })) });
    const prefix = input.file ? `${input.file}#` : '';
    for (const leaf of values.leaves) {
      if (!leaf.value.trim()) continue;
      doc.children.push(await ctx.extractNested({ part: input.part, file: `${prefix}json:${leaf.path}`, bytes: Buffer.from(leaf.value, 'utf8'), text: leaf.value, depth: input.depth + 1 }));
    }
    return doc;
  },
};
