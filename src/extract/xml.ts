import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { emptyDocument, type TextLine } from './document.js';
import { textOf, type Extractor } from './extractor.js';
import { extractHtmlText } from './html.js';

/**
 * XML bodies (XML-RPC `wp.newPost`, `metaWeblog.newPost`, RSS imports): each text
 * node is a line; one that holds markup (a post body) is read as HTML.
 */
export const xmlExtractor: Extractor = {
  id: 'xml',
  mediaTypes: ['application/xml'],
  text: true,
  async extract(input, mediaType, ctx) {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const $ = load(textOf(input), { xml: true });
    const lines: TextLine[] = [];
    const markup: string[] = [];
    const visit = (nodes: AnyNode[]): void => {
      for (const node of nodes) {
        if (node.type === 'text' || node.type === 'cdata') {
          const text = node.type === 'text' ? node.data : $.text([node]);
          const trimmed = text.trim();
          if (!trimmed) continue;
          if (/<[a-z!][^>]*>/i.test(trimmed)) markup.push(trimmed);
          else lines.push({ text: trimmed.replace(/\s+/g, ' '), origin: 'field', zone: 'header' });
        } else if ('children' in node) visit(node.children);
      }
    };
    visit($.root().toArray()[0]?.children ?? []);
    doc.pages.push({ number: 1, lines });
    let n = 0;
    for (const html of markup) {
      n++;
      doc.children.push(await extractHtmlText(html, { ...input, file: `${input.file ?? 'xml'}#markup-${n}`, depth: input.depth + 1 }, ctx));
    }
    return doc;
  },
};
