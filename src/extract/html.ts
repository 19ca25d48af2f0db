import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { applyBidiControls } from './bidi.js';
import { dataUrisIn, decodeDataUri } from './data-uri.js';
import { emptyDocument, type Document, type TextLine, type TextOrigin } from './document.js';
import { textOf, type ExtractContext, type ExtractInput, type Extractor } from './extractor.js';
import { blockAttributeValues, shortcodeAttributeValues } from './html/cms-markup.js';
import { declarations, generatedText, hides, parseRules } from './html/css.js';
import { mainContent, unlaid as unrendered } from './html/main-content.js';

/** Elements that start a new line of text in a browser. */
const blockElements = new Set(
  'address article aside blockquote br caption center dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul option legend'.split(' '),
);
/** Attributes a reader may see (tooltips, alt text, labels, placeholders, button values). */
const visibleAttributes = ['alt', 'title', 'aria-label', 'placeholder', 'label', 'summary'];
/** Attributes that may carry embedded content. */
const uriAttributes = ['src', 'href', 'data', 'poster', 'srcset', 'style', 'background'];
/** Class names themes use to hide text from sight (WordPress core: screen-reader-text). */
const hidingClasses = /(?:^|\s)(?:screen-reader-text|screen-reader-only|sr-only|visually-hidden|visuallyhidden|hidden|hide|d-none)(?:\s|$)/i;
/** Elements drawn as a picture, whose alt text stands in for it. */
const isPicture = (el: Element) => el.name === 'img' || (el.name === 'input' && el.attribs.type?.toLowerCase() === 'image');
/**
 * A picture's text equivalent as lines: the alt of a 版头 picture lists what
 * it shows (`000157 机密★5年 某某文件`), which a page sets on lines of its own.
 * Split at spaces only when every piece is a word (a spaced-out `秘 密` stays whole).
 */
function pictureLines(alt: string): string[] {
  const pieces = alt.split(' ');
  return pieces.length > 1 && pieces.every((p) => p.length >= 2) ? pieces : [alt];
}

/** A picture that can be a 版头: it says what it shows, or it is drawn wide (a spacer or an icon is neither). */
function drawnHead(el: Element, said: string[]): boolean {
  return said.length > 0 || Number.parseInt(el.attribs.width ?? '', 10) >= 300;
}


/** What the page's style sheets do to elements: hide them, or generate text before and after them. */
interface Styles {
  hidden: Set<Element>;
  before: Map<Element, string>;
  after: Map<Element, string>;
  override: Set<Element>;
}

/**
 * A selector of one compound (`p`, `.note`, `span.sr`, `#x`) as a test of
 * one element: css-select would run a whole query over the page per rule,
 * and themes' rules are nearly all of this kind.
 */
function compoundSelector(selector: string): ((el: Element) => boolean) | undefined {
  const m = /^([a-z][\w-]*|\*)?((?:[.#][\w-]+)*)$/i.exec(selector);
  if (!m || (!m[1] && !m[2])) return undefined;
  const tag = m[1] === '*' ? undefined : m[1]?.toLowerCase();
  const classes = (m[2]!.match(/\.[\w-]+/g) ?? []).map((c) => c.slice(1));
  const id = /#([\w-]+)/.exec(m[2]!)?.[1];
  return (el) => {
    if ((tag && el.name !== tag) || (id !== undefined && el.attribs.id !== id)) return false;
    if (!classes.length) return true;
    const own = new Set((el.attribs.class ?? '').split(/\s+/));
    return classes.every((c) => own.has(c));
  };
}

function applyStyleSheets($: CheerioAPI): Styles {
  const styles: Styles = { hidden: new Set(), before: new Map(), after: new Map(), override: new Set() };
  const css = $('style')
    .toArray()
    .map((s) => $(s).text())
    .join('\n');
  if (!css.trim()) return styles;
  const apply = (el: Element, declarations: Map<string, string>, pseudo: 'before' | 'after' | undefined, hiding: boolean, reversing: boolean) => {
    if (pseudo) {
      const text = generatedText(declarations.get('content'), (n) => el.attribs[n]);
      if (text) styles[pseudo].set(el, text);
    } else {
      if (hiding) styles.hidden.add(el);
      if (reversing && overrides(declarations, el)) styles.override.add(el);
    }
  };
  const compound: Array<{ test: (el: Element) => boolean; run: (el: Element) => void }> = [];
  for (const rule of parseRules(css)) {
    // Most rules only style text (fonts, colours, spacing): matching their selectors would change nothing.
    const hiding = hides(rule.declarations);
    const reversing = /bidi-override/i.test(rule.declarations.get('unicode-bidi') ?? '');
    const generating = rule.declarations.has('content');
    if (!hiding && !reversing && !generating) continue;
    for (const selector of rule.selector.split(',')) {
      const pseudo = /::?(before|after)\s*$/i.exec(selector)?.[1]?.toLowerCase() as 'before' | 'after' | undefined;
      if (!pseudo && !hiding && !reversing) continue;
      const base = selector.replace(/::?(?:before|after)\s*$/i, '').trim() || '*';
      const run = (el: Element) => apply(el, rule.declarations, pseudo, hiding, reversing);
      const test = compoundSelector(base);
      if (test) {
        compound.push({ test, run });
        continue;
      }
      let matched: Element[];
      try {
        matched = $(base).toArray() as Element[];
      } catch {
        continue; // a selector css-select does not know (:hover, …) matches nothing we can tell
      }
      for (const el of matched) run(el);
    }
  }
  // Compound selectors in one pass over the page, in rule order per element.
  if (compound.length) for (const el of $('*').toArray() as Element[]) for (const c of compound) if (c.test(el)) c.run(el);
  return styles;
}

/** `unicode-bidi: bidi-override` right to left: the element's characters are shown reversed. */
function overrides(d: Map<string, string>, el: Element): boolean {
  return /bidi-override/i.test(d.get('unicode-bidi') ?? '') && (/rtl/i.test(d.get('direction') ?? '') || el.attribs.dir?.toLowerCase() === 'rtl');
}

/** Hidden by an attribute, a theme's hiding class, a style-sheet rule or an inline style. */
function hiddenBy(el: Element, styles: Styles): boolean {
  const a = el.attribs;
  return 'hidden' in a || (el.name === 'input' && a.type?.toLowerCase() === 'hidden') || hidingClasses.test(a.class ?? '') || styles.hidden.has(el) || (a.style !== undefined && hides(declarations(a.style)));
}

/** Lines of text built from inline runs, broken at block boundaries. */
class Lines {
  readonly lines: Array<{ text: string; origin: TextOrigin }> = [];
  current = '';
  /** How many of the lines are chrome (counted as they are made: the walk asks at every picture). */
  chromeLines = 0;

  /** `inChrome` tells whether the walk is outside the page's main content now. */
  constructor(
    private readonly origin: TextOrigin,
    private readonly inChrome: () => boolean,
  ) {}

  flush(): void {
    const text = applyBidiControls(this.current).replace(/\s+/g, ' ').trim();
    this.current = '';
    if (!text) return;
    const chrome = this.inChrome();
    if (chrome) this.chromeLines++;
    this.lines.push({ text, origin: chrome ? 'chrome' : this.origin });
  }
}

/**
 * Walks the DOM once, building two views: the page as a browser lays it out
 * (hidden elements left out, generated `::before`/`::after` text put in,
 * right-to-left overrides applied) and the text as written (everything,
 * hidden text, scripts, styles and templates included, inline where it
 * sits), plus side lines (visible attributes, comments, CMS markup values)
 * and embedded content.
 */
class Walker {
  /** Inside the page's main content (or the page has no chrome to tell apart). */
  private inMain: boolean;
  readonly rendered = new Lines('visible', () => !this.inMain);
  readonly written = new Lines('hidden', () => !this.inMain);
  readonly side: Array<{ text: string; origin: TextOrigin }> = [];
  readonly dataUris: string[] = [];
  readonly frames: string[] = [];
  /** The two views differ: the written one is scanned too. */
  diverged = false;
  /** A picture comes among the first lines of the main content. */
  pictureAtHead = false;

  constructor(
    private readonly styles: Styles,
    private readonly main: Element | undefined,
  ) {
    this.inMain = main === undefined;
  }

  private isHidden(el: Element): boolean {
    return hiddenBy(el, this.styles);
  }

  walk(nodes: AnyNode[], shown: boolean, pre: boolean): void {
    for (const node of nodes) {
      if (node.type === 'text') this.text(node.data, shown, pre);
      else if (node.type === 'comment') this.comment(node.data);
      else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') this.element(node as Element, shown, pre);
      else if (node.type === 'cdata' && 'children' in node) this.walk(node.children, shown, pre);
    }
  }

  private text(data: string, shown: boolean, pre: boolean): void {
    if (data.includes('[')) for (const v of shortcodeAttributeValues(data)) this.side.push({ text: v, origin: 'attribute' });
    const pieces = pre ? data.split('\n') : [data];
    pieces.forEach((piece, i) => {
      if (i > 0) this.breakLine(shown);
      this.written.current += piece;
      if (shown) this.rendered.current += piece;
      else if (piece.trim()) this.diverged = true;
    });
  }

  private comment(data: string): void {
    const text = data.replace(/\s+/g, ' ').trim();
    if (text) this.side.push({ text, origin: 'comment' });
    for (const v of blockAttributeValues(data)) this.side.push({ text: v, origin: 'attribute' });
  }

  /** Ends the line in the written view, and in the rendered one when the break is laid out there too. */
  private breakLine(shown: boolean): void {
    this.written.flush();
    if (shown) this.rendered.flush();
  }

  /** Strings in a script or style sheet, unquoted: a quoted string there is code, not a quotation. */
  private literals(el: Element): void {
    const code = el.children.map((c) => ('data' in c ? String(c.data) : '')).join('');
    for (const m of code.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)) {
      const text = unescapeJs(m[1] ?? m[2] ?? m[3] ?? '');
      if (/[^\x00-\x7f]/.test(text)) this.side.push({ text, origin: 'aside' });
    }
  }

  private element(el: Element, shown: boolean, pre: boolean): void {
    const a = el.attribs;
    const visible = shown && !unrendered.has(el.name) && !this.isHidden(el);
    // An image's text equivalent stands where the image does: a 版头 drawn as a picture is the document's head.
    const pictured = visible && isPicture(el) ? (['alt', 'title'] as const).map((n) => a[n]?.replace(/\s+/g, ' ').trim()).filter((t): t is string => !!t) : [];
    for (const [name, value] of Object.entries(a)) {
      if (!value?.trim() || (pictured.length && (name === 'alt' || name === 'title'))) continue;
      if (visibleAttributes.includes(name) || (name === 'content' && el.name === 'meta') || (name === 'value' && (el.name === 'input' || el.name === 'option' || el.name === 'button'))) {
        this.side.push({ text: value.replace(/\s+/g, ' ').trim(), origin: 'attribute' });
      } else if (/[^\x00-\x7f]/.test(value) && name !== 'srcdoc') {
        // Any other attribute with text in it (data-*, custom ones): what is written is scanned.
        this.side.push({ text: value.replace(/\s+/g, ' ').trim(), origin: 'aside' });
      }
    }
    for (const name of uriAttributes) {
      const value = a[name];
      if (value && /data:/i.test(value)) this.dataUris.push(...dataUrisIn(value));
    }
    if (el.name === 'iframe' && a.srcdoc?.trim()) this.frames.push(a.srcdoc);

    if (shown && !visible) this.diverged = true;
    // Within the first lines of the document (a title may come first): a 版头 picture.
    if (visible && isPicture(el) && this.inMain && this.rendered.lines.length - this.rendered.chromeLines <= 2 && drawnHead(el, pictured)) this.pictureAtHead = true;
    if (pictured.length) {
      this.rendered.flush();
      for (const t of new Set(pictured.flatMap(pictureLines))) {
        this.rendered.current = t;
        this.rendered.flush();
      }
    }
    if (el.name === 'script' || el.name === 'style') this.literals(el);
    // Unrendered elements (scripts, templates) are lines of their own in the written view only: in the page they split nothing.
    const block = blockElements.has(el.name) || el.name === 'title';
    if (block) this.breakLine(shown);
    else if (unrendered.has(el.name)) this.written.flush();
    if (el.name === 'td' || el.name === 'th') this.text(' ', visible, pre);
    const before = visible ? this.styles.before.get(el) : undefined;
    const after = visible ? this.styles.after.get(el) : undefined;
    if (before || after) this.diverged = true;
    if (before) this.rendered.current += before;
    const reversed = visible && (el.name === 'bdo' ? a.dir?.toLowerCase() === 'rtl' : this.styles.override.has(el) || (a.style !== undefined && overrides(declarations(a.style), el)));
    const start = this.rendered.current.length;
    const line = this.rendered.lines.length;
    const entersMain = el === this.main;
    if (entersMain) {
      this.breakLine(shown);
      this.inMain = true;
    }
    this.walk(el.children, visible, pre || el.name === 'pre' || el.name === 'textarea');
    if (entersMain) {
      this.breakLine(shown);
      this.inMain = false;
    }
    // Reversed within the line it started on (an override spanning blocks is rare enough to read as written).
    if (reversed && this.rendered.lines.length === line) {
      this.diverged = true;
      this.rendered.current = this.rendered.current.slice(0, start) + [...this.rendered.current.slice(start)].reverse().join('');
    }
    if (after) this.rendered.current += after;
    if (block) this.breakLine(shown);
    else if (unrendered.has(el.name)) this.written.flush();
  }

  finish(): void {
    this.breakLine(true);
  }
}

/** A whole page (a document element, or the links of a site's navigation) may have chrome around its document; a post body has none to look for. */
function hasChrome(html: string): boolean {
  if (/<(?:html|body|nav)[\s>]/i.test(html)) return true;
  let links = 0;
  for (let i = html.indexOf('<a'); i >= 0 && links < 5; i = html.indexOf('<a', i + 2)) if (/[\s>]/.test(html[i + 2] ?? '')) links++;
  return links >= 5;
}

/** Reads HTML the way its readers see it, and as it is written: both views are scanned, findings are the union. */
export async function extractHtmlText(html: string, input: ExtractInput, ctx: ExtractContext): Promise<Document> {
  const doc = emptyDocument(input.part, 'text/html', input.file);
  // htmlparser2 (cheerio's non-parse5 backend) is about five times faster on post bodies; the walk below sees every node either way.
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const styles = applyStyleSheets($);
  const walker = new Walker(styles, hasChrome(html) ? mainContent($, (el) => hiddenBy(el, styles)) : undefined);
  walker.walk($.root().toArray()[0]?.children ?? [], true, false);
  walker.finish();
  if (/<t[dh][\s>]/i.test(html)) walker.side.push(...fieldPairs($));
  // The document's head is the top of its main content. The top of the page stays head too: finding the content
  // may only add a head, never take one away (a decoy block must not turn a real head into chrome).
  const zoned = (lines: Array<{ text: string; origin: TextOrigin }>): TextLine[] => {
    let seen = 0;
    return lines.map((l, i) => {
      const contentHead = l.origin !== 'chrome' && seen++ < ctx.limits.headerLines;
      return { ...l, zone: contentHead || i < ctx.limits.headerLines ? 'header' : 'body' };
    });
  };
  doc.pages.push({ number: 1, lines: [...zoned(walker.rendered.lines), ...walker.side.map((l) => ({ ...l, zone: 'body' as const }))] });
  if (walker.pictureAtHead) doc.pictureAtHead = true;
  // The text as written, where it differs from what is shown: hidden text can still be read, and a hidden piece must not split a mark either.
  if (walker.diverged) {
    const written = emptyDocument(input.part, 'text/html', input.file);
    written.decoding = 'as written';
    written.pictureAtHead = doc.pictureAtHead;
    written.pages.push({ number: 1, lines: zoned(walker.written.lines) });
    doc.children.push(written);
  }
  let n = 0;
  for (const uri of walker.dataUris) {
    n++;
    let decoded;
    try {
      decoded = decodeDataUri(uri);
    } catch {
      doc.problems.push({ code: 'malformed', detail: `data: URI #${n} cannot be decoded` });
      continue;
    }
    if (!decoded) continue;
    doc.children.push(await ctx.extractNested({ part: input.part, file: `${input.file ? `${input.file}#` : ''}data-uri-${n}`, bytes: decoded.bytes, declaredType: decoded.mediaType, depth: input.depth + 1 }));
  }
  let f = 0;
  for (const frame of walker.frames) {
    f++;
    const bytes = Buffer.from(frame, 'utf8');
    doc.children.push(await ctx.extractNested({ part: input.part, file: `${input.file ? `${input.file}#` : ''}srcdoc-${f}`, bytes, text: frame, declaredType: 'text/html', depth: input.depth + 1 }));
  }
  return doc;
}

/**
 * A field table (信息公开: 索引号, 发文字号, 公开方式) puts a label and its value
 * in neighbouring cells, which read as separate lines: each `label：value`
 * pair is a line of its own too, beside the flow.
 */
const fieldLabels = /^(?:索\s*引\s*号|发\s*文\s*字\s*号|文\s*号|公\s*开\s*(?:方\s*式|属\s*性|形\s*式)|密\s*级|份\s*号|发\s*布\s*机\s*构|成\s*文\s*日\s*期|主\s*题\s*分\s*类)$/;

function fieldPairs($: CheerioAPI): Array<{ text: string; origin: TextOrigin }> {
  const pairs: Array<{ text: string; origin: TextOrigin }> = [];
  for (const row of $('tr').toArray()) {
    const cellNodes = $(row).children('td, th');
    // A layout table's rows hold whole tables: only the innermost rows are fields (and each cell's text is read once).
    if (cellNodes.find('table').length) continue;
    const cells = cellNodes.toArray().map((c) => $(c).text().replace(/\s+/g, ' ').trim());
    for (let i = 0; i + 1 < cells.length; i++) {
      const label = cells[i]!;
      if (!cells[i + 1]) continue;
      if (label.length > 20) continue;
      if (/[:：]$/.test(label)) pairs.push({ text: `${label}${cells[i + 1]}`, origin: 'aside' });
      else if (fieldLabels.test(label)) pairs.push({ text: `${label}：${cells[i + 1]}`, origin: 'aside' });
    }
  }
  return pairs;
}

export const htmlExtractor: Extractor = {
  id: 'html',
  mediaTypes: ['text/html'],
  text: true,
  async extract(input, _mediaType, ctx) {
    return extractHtmlText(textOf(input), input, ctx);
  },
};

/** JavaScript and CSS string escapes: `\\u79d8`, `\\u{1F600}`, `\\x41`, CSS `\\79d8 `, `\\"`. */
function unescapeJs(s: string): string {
  return s.replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\([0-9a-fA-F]{1,6})\s?|\\(.)/g, (_m, a?: string, b?: string, c?: string, d?: string, e?: string) => {
    const hex = a ?? b ?? c ?? d;
    return hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : (e ?? '');
  });
}
