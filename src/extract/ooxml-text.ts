import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/**
 * Paragraph texts of an Office XML part, in document order. `paragraph` names
 * the paragraph element (w:p, a:p, text:p); `text` the elements whose content
 * is text (w:t, w:delText, a:t …); `directText` takes text nodes anywhere in a
 * paragraph (OpenDocument). A paragraph nested in another (a text box
 * inside a paragraph) is its own paragraph.
 */
export function xmlParagraphs(xml: string, paragraph: string, text: Set<string>, breaks: Set<string> = new Set(), directText = false): string[] {
  const $ = load(xml, { xml: true });
  const out: string[] = [];
  const walk = (nodes: AnyNode[], current: string[] | undefined): void => {
    for (const node of nodes) {
      // OpenDocument puts text straight into its paragraphs; Office XML only whitespace.
      if (node.type === 'text' && directText) current?.push(node.data);
      if (node.type !== 'tag') continue;
      const el = node as Element;
      if (el.name === paragraph) {
        const own: string[] = [];
        walk(el.children, own);
        const joined = own.join('').replace(/\s+/g, ' ').trim();
        if (joined) out.push(joined);
      } else if (text.has(el.name)) {
        current?.push($(el).text());
      } else if (breaks.has(el.name)) {
        current?.push(' ');
      } else walk(el.children, current);
    }
  };
  walk($.root().toArray()[0]?.children ?? [], undefined);
  return out;
}

/** Every non-empty text node of an XML part (metadata: docProps/core.xml, app.xml, custom.xml). */
export function xmlTexts(xml: string): string[] {
  const $ = load(xml, { xml: true });
  const out: string[] = [];
  $.root()
    .find('*')
    .each((_, el) => {
      const own = $(el)
        .contents()
        .filter((_, n) => n.type === 'text')
        .text()
        .trim();
      if (own) out.push(own);
    });
  return out;
}
