import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { dataUrisIn, decodeDataUri } from './data-uri.js';
import { emptyDocument, type Document, type TextLine, type TextOrigin } from './document.js';
import { textOf, type ExtractContext, type ExtractInput, type Extractor } from './extractor.js';

/** Elements that start a new line of text in a browser. */
const blockElements = new Set(
  'address article aside blockquote br caption center dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
/** Attributes whose text a reader may see (tooltips, alt text, labels, meta content). */
const textAttributes = ['alt', 'title', 'aria-label', 'placeholder', 'content', 'value', 'label', 'summary'];
/** Attributes that may carry embedded content. */
const uriAttributes = ['src', 'href', 'data', 'poster', 'srcset', 'style', 'background'];
const hiddenStyle = /display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:[a-z%]*)?\s*(?:;|$)|opacity\s*:\s*0(?:\.0*)?\s*(?:;|$)/i;

function isHidden(el: Element): boolean {
  const a = el.attribs;
  return 'hidden' in a || a['aria-hidden'] === 'true' || hiddenStyle.test(a.style ?? '') || (el.name === 'input' && a.type === 'hidden');
}

/** Walks the DOM once, building flow lines (visible, hidden, noscript) and side lines (attributes, comments). */
class LineCollector {
  readonly flow: Array<{ text: string; origin: TextOrigin }> = [];
  readonly side: Array<{ text: string; origin: TextOrigin }> = [];
  readonly dataUris: string[] = [];
  private current = '';
  private currentOrigin: TextOrigin = 'visible';

  private flush(): void {
    const text = this.current.replace(/\s+/g, ' ').trim();
    if (text) this.flow.push({ text, origin: this.currentOrigin });
    this.current = '';
  }

  private append(text: string, origin: TextOrigin): void {
    if (origin !== this.currentOrigin && this.current.trim()) this.flush();
    this.currentOrigin = origin;
    this.current += text;
  }

  walk(nodes: AnyNode[], origin: TextOrigin, pre: boolean): void {
    for (const node of nodes) {
      if (node.type === 'text') {
        if (pre) {
          const parts = node.data.split('\n');
          parts.forEach((part, i) => {
            if (i > 0) this.flush();
            this.append(part, origin);
          });
        } else this.append(node.data, origin);
      } else if (node.type === 'comment') {
        const text = node.data.replace(/\s+/g, ' ').trim();
        if (text) this.side.push({ text, origin: 'comment' });
      } else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
        this.element(node as Element, origin, pre);
      } else if (node.type === 'cdata' && 'children' in node) {
        this.walk(node.children, origin, pre);
      }
    }
  }

  private element(el: Element, origin: TextOrigin, pre: boolean): void {
    for (const name of textAttributes) {
      const value = el.attribs[name];
      if (value?.trim() && !(name === 'content' && el.name !== 'meta') && !(name === 'value' && el.name !== 'input' && el.name !== 'option')) {
        this.side.push({ text: value.replace(/\s+/g, ' ').trim(), origin: 'attribute' });
      }
    }
    for (const name of uriAttributes) {
      const value = el.attribs[name];
      if (value && /data:/i.test(value)) this.dataUris.push(...dataUrisIn(value));
    }
    if (el.name === 'script' || el.name === 'style' || el.name === 'template') return;
    const block = blockElements.has(el.name);
    const childOrigin: TextOrigin =
      el.name === 'title' ? 'title' : el.name === 'noscript' ? 'noscript' : isHidden(el) ? 'hidden' : origin;
    if (block || childOrigin !== origin) this.flush();
    if (el.name === 'td' || el.name === 'th') this.append(' ', origin);
    this.walk(el.children, childOrigin, pre || el.name === 'pre' || el.name === 'textarea');
    if (block || childOrigin !== origin) this.flush();
  }

  finish(): void {
    this.flush();
  }
}

/** Reads HTML the way its readers and crawlers will: visible text, and everything hidden too. */
export async function extractHtmlText(html: string, input: ExtractInput, ctx: ExtractContext): Promise<Document> {
  const doc = emptyDocument(input.part, 'text/html', input.file);
  // htmlparser2 (cheerio's non-parse5 backend) is about five times faster on post bodies; the walk below sees every node either way.
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const collector = new LineCollector();
  collector.walk($.root().toArray()[0]?.children ?? [], 'visible', false);
  collector.finish();
  const headerLines = ctx.limits.headerLines;
  const lines: TextLine[] = collector.flow.map((l, i) => ({ ...l, zone: i < headerLines ? 'header' : 'body' }));
  for (const l of collector.side) lines.push({ ...l, zone: 'body' });
  doc.pages.push({ number: 1, lines });
  let n = 0;
  for (const uri of collector.dataUris) {
    n++;
    let decoded;
    try {
      decoded = decodeDataUri(uri);
    } catch {
      doc.problems.push({ code: 'malformed', detail: `data: URI #${n} cannot be decoded` });
      continue;
    }
    if (!decoded) continue;
    doc.children.push(
      await ctx.extractNested({
        part: input.part,
        file: `${input.file ? `${input.file}#` : ''}data-uri-${n}`,
        bytes: decoded.bytes,
        declaredType: decoded.mediaType,
        depth: input.depth + 1,
      }),
    );
  }
  return doc;
}

export const htmlExtractor: Extractor = {
  id: 'html',
  mediaTypes: ['text/html'],
  text: true,
  async extract(input, _mediaType, ctx) {
    return extractHtmlText(textOf(input), input, ctx);
  },
};
