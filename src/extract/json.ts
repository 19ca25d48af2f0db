import { emptyDocument, type Document } from './document.js';
import { textOf, type Extractor } from './extractor.js';
import { htmlExtractor } from './html.js';
import { textExtractor } from './text.js';
import { JsonError, readJson } from './json-values.js';

/**
 * A JSON file or body (a CMS's REST content saved to a file, an export): every
 * string value is read as content of its own, the way the CMS stores and
 * renders it (a post's `content` is a page of HTML; its `title` a line), and
 * every key is read beside it. A file that only looks like JSON and is not
 * (or that parses two ways) is read whole, as markup or text; one declared
 * JSON that is not, or one that parses two ways, also holds. JSON that was
 * only sniffed is read whole as well, beside its values.
 */
export const jsonExtractor: Extractor = {
  id: 'json',
  mediaTypes: ['application/json'],
  text: true,
  async extract(input, mediaType, ctx) {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const text = textOf(input);
    const declared = /json/i.test(input.declaredType ?? '');
    /** The text read whole, as markup when there is markup in it: what is split into values is also read together. */
    const whole = async (): Promise<Document> => ({ ...(await (/<[a-z!]/i.test(text) ? htmlExtractor : textExtractor).extract({ ...input, text }, mediaType, ctx)), mediaType });
    let values;
    try {
      values = readJson(text, { depth: ctx.limits.extractDepth * 8, leaves: 100_000 });
    } catch (err) {
      if (!(err instanceof JsonError)) throw err;
      // Not one JSON value: read whole, so a mark is found whichever reading the CMS makes; a body declared JSON holds.
      const out = await whole();
      if (declared) out.problems.push({ code: err.kind, detail: `JSON: ${err.message}` });
      return out;
    }
    doc.pages.push({ number: 1, lines: values.keys.filter((k) => /[^\x00-\x7f]/.test(k)).map((k) => ({ text: k, origin: 'attribute' as const, zone: 'body' as const })) });
    const prefix = input.file ? `${input.file}#` : '';
    for (const leaf of values.leaves) {
      if (!leaf.value.trim()) continue;
      doc.children.push(await ctx.extractNested({ part: input.part, file: `${prefix}json:${leaf.path}`, bytes: Buffer.from(leaf.value, 'utf8'), text: leaf.value, depth: input.depth + 1 }));
    }
    // Sniffed, not declared: also read whole, so a document split across many values is still matched as one text.
    if (!declared) doc.children.push({ ...(await whole()), decoding: 'whole' });
    return doc;
  },
};
