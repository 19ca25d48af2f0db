import { emptyDocument, linesFromText } from './document.js';
import { textOf, type Extractor } from './extractor.js';
import { extractHtmlText } from './html.js';
import { JsonError, readJson } from './json-values.js';

/**
 * A JSON file or body (a CMS's REST content saved to a file, an export): every
 * string value is read as content of its own, the way the CMS stores and
 * renders it (a post's `content` is a page of HTML; its `title` a line), and
 * every key is read beside it. A file that only looks like JSON and is not
 * (or that parses two ways) is read whole, as markup or text; one declared
 * JSON that is not, or one that parses two ways, also holds.
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
      // Read whole instead, as markup when there is markup in it: a mark is found whichever reading the CMS makes.
      const whole = /<[a-z!]/i.test(text) ? await extractHtmlText(text, input, ctx) : undefined;
      if (whole) whole.mediaType = mediaType;
      else doc.pages.push({ number: 1, lines: linesFromText(text, 'visible', ctx.limits.headerLines) });
      const out = whole ?? doc;
      if (/json/i.test(input.declaredType ?? '') || err.kind !== 'malformed') out.problems.push({ code: err.kind, detail: `JSON: ${err.message}` });
      return out;
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
