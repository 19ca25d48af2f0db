import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/** How one XML vocabulary (WordprocessingML, DrawingML, OpenDocument …) holds its text. */
export interface XmlDialect {
  /** The paragraph element (w:p, a:p, text:p). A paragraph nested in another (a text box) is its own. */
  paragraph: string;
  /** Elements whose content is text (w:t, w:delText, m:t, a:t …). */
  text: Set<string>;
  /** Elements that stand for a space (tabs, breaks). */
  breaks?: Set<string>;
  /** Text nodes anywhere in a paragraph are text (OpenDocument); Office XML has only whitespace there. */
  directText?: boolean;
  /** Attributes whose values a reader sees: WordArt strings, alt texts, list entries. */
  shownAttributes?: Set<string>;
  /**
   * Elements whose text the page does not show in the paragraph: deleted
   * text, field codes, ruby (phonetic) text, comments anchored inline. Read
   * as written only. `mc:Fallback` (what an older reader would show instead
   * of `mc:Choice`) always is.
   */
  writtenOnly?: Set<string>;
  /** A run the reader does not see (Word's hidden text, 1-pt or white type): read as written only. */
  hiddenRun?: (run: Element) => boolean;
  /**
   * Field codes (elements and attributes): their string literals are what a
   * field such as QUOTE "…" shows once updated, each read as a line of its own.
   */
  fieldCodes?: Set<string>;
  /** An element that stands for one character (Word's w:sym), or undefined. */
  symbol?: (el: Element) => string | undefined;
  /** The characters a text element shows (a symbol font draws ★ for «). */
  shownText?: (el: Element, text: string) => string;
}

/** A paragraph as shown, and as written when hidden runs make the two differ; or an attribute's text. */
export interface XmlBlock {
  text: string;
  written?: string;
  attribute?: boolean;
  /** Where it is drawn says: in the header zone (a shape at the top of the first slide) or not; undefined when unknown. */
  header?: boolean;
  /** A running page header or footer: printed on every page; it does not end the document's header. */
  running?: boolean;
}

/** The string literals of a formula or field code (`"a""b"` is a"b), unquoted. */
export function stringLiterals(code: string): string[] {
  return (code.match(/"(?:[^"]|"")*"/g) ?? []).map((s) => s.slice(1, -1).replace(/""/g, '"').trim()).filter(Boolean);
}

const squeeze = (parts: string[]) => parts.join('').replace(/\s+/g, ' ').trim();

/** Paragraphs (and shown attribute values) of an XML part in document order. */
export function xmlBlocks(xml: string, dialect: XmlDialect): XmlBlock[] {
  const $ = load(xml, { xml: true });
  return blocksOf($, $.root().toArray()[0]?.children ?? [], dialect);
}

/** Paragraphs (and shown attribute values) under some nodes of a loaded part, in document order. */
export function blocksOf($: CheerioAPI, nodes: AnyNode[], dialect: XmlDialect): XmlBlock[] {
  const out: XmlBlock[] = [];
  // `shown` and `written` collect a paragraph's text; a hidden run feeds only `written`.
  const walk = (nodes: AnyNode[], shown: string[] | undefined, written: string[] | undefined): void => {
    for (const node of nodes) {
      if (node.type === 'text' && dialect.directText) {
        shown?.push(node.data);
        written?.push(node.data);
      }
      if (node.type !== 'tag') continue;
      const el = node as Element;
      for (const [name, value] of Object.entries(el.attribs)) {
        if (dialect.shownAttributes?.has(name) && value.trim()) out.push({ text: value.trim(), attribute: true });
        if (dialect.fieldCodes?.has(name)) for (const literal of stringLiterals(value)) out.push({ text: literal, attribute: true });
      }
      if (dialect.fieldCodes?.has(el.name)) for (const literal of stringLiterals($(el).text())) out.push({ text: literal, attribute: true });
      const seen = el.name === 'mc:Fallback' || dialect.writtenOnly?.has(el.name) ? undefined : shown;
      const symbol = dialect.symbol?.(el);
      if (el.name === dialect.paragraph) {
        const ownShown: string[] = [];
        const ownWritten: string[] = [];
        walk(el.children, ownShown, ownWritten);
        const text = squeeze(ownShown);
        const asWritten = squeeze(ownWritten);
        if (text || asWritten) out.push(asWritten === text ? { text } : { text, written: asWritten });
      } else if (dialect.text.has(el.name)) {
        const t = $(el).text();
        seen?.push(dialect.shownText?.(el, t) ?? t);
        written?.push(t);
      } else if (symbol !== undefined || dialect.breaks?.has(el.name)) {
        seen?.push(symbol ?? ' ');
        written?.push(symbol ?? ' ');
      } else walk(el.children, dialect.hiddenRun?.(el) ? undefined : seen, written);
    }
  };
  walk(nodes, undefined, undefined);
  return out;
}

/** Elements that hold one paragraph or one string of runs: read whole, so runs never split a line. */
const paragraphElements = new Set(['w:p', 'a:p', 'text:p', 'text:h', 'si', 'is']);

/**
 * Every text of an XML part a reader might see: each paragraph whole, each
 * other element's own text, and every attribute value with non-ASCII text in
 * it (a sheet's name, a chart's title, a font name). What a part nobody reads
 * specifically (properties, masters, charts, diagrams, custom XML) can show.
 * Each text once.
 */
export function xmlTexts(xml: string): string[] {
  const $ = load(xml, { xml: true });
  const out = new Set<string>();
  const attributes = (el: Element) => {
    for (const value of Object.values(el.attribs)) if (/[^\x00-\x7f]/.test(value)) out.add(value.trim());
  };
  const walk = (el: Element): void => {
    attributes(el);
    if (paragraphElements.has(el.name)) {
      out.add($(el).text().replace(/\s+/g, ' ').trim());
      $(el).find('*').each((_, d) => attributes(d as Element));
      return;
    }
    for (const node of el.children) {
      if (node.type === 'text' || node.type === 'cdata') out.add($.text([node]).trim());
      else if (node.type === 'tag') walk(node as Element);
    }
  };
  for (const node of $.root().toArray()[0]?.children ?? []) if (node.type === 'tag') walk(node as Element);
  out.delete('');
  return [...out];
}
