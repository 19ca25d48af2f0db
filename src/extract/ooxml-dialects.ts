import type { Element } from 'domhandler';
import type { XmlDialect } from './ooxml-text.js';
import { shadedAround, type WordStyles } from './word-styles.js';

/**
 * A Word run the printed page does not show: hidden (w:vanish), type under
 * 3 points, or white type (near-white, or the theme's background
 * colour) on no highlight or shading. Its text is read as written only, so
 * it can neither split a mark nor put a quotation mark before one. Styles
 * count: a character or paragraph style may hide text too.
 */
function hiddenWordRun(styles: WordStyles, run: Element): boolean {
  if (run.name !== 'w:r') return false;
  const look = styles.look(run);
  if (look.vanish) return true;
  if (look.size !== undefined && look.size > 0 && look.size < 6) return true; // under 3 pt, as for web pages
  const white = /^F[0-9A-F]F[0-9A-F]F[0-9A-F]$/i.test(look.colour ?? '') || /^(?:background1|bg1|light1)$/i.test(look.themeColour ?? '');
  return white && !look.shaded && !shadedAround(run);
}

/** Symbol fonts put their glyphs at U+F0xx; the stars a 密级 uses, by font. */
const symbolStars: Record<string, number[]> = { wingdings: [0xab] };

/** A character in a symbol font as the glyph it draws: a star where the font draws one (U+F0AB and « in Wingdings are ★). */
function symbolGlyph(font: string | undefined, code: number): string {
  const glyph = code >= 0xf000 && code <= 0xf0ff ? code - 0xf000 : code;
  return symbolStars[(font ?? '').toLowerCase()]?.includes(glyph) ? '★' : String.fromCodePoint(glyph);
}

/** Word's w:sym (a character of a symbol font). */
function wordSymbol(el: Element): string | undefined {
  if (el.name !== 'w:sym') return undefined;
  const code = parseInt(el.attribs['w:char'] ?? '', 16);
  return Number.isFinite(code) ? symbolGlyph(el.attribs['w:font'], code) : '';
}

/** Text of a run set in a symbol font reads as the glyphs it draws. */
function symbolFontText(styles: WordStyles, el: Element, text: string): string {
  const run = el.parent as Element | null;
  const font = run?.name === 'w:r' ? styles.look(run).font : undefined;
  if (!font || !symbolStars[font.toLowerCase()]) return text;
  return [...text].map((c) => symbolGlyph(font, c.codePointAt(0)!)).join('');
}

/** Alt texts and titles of pictures and shapes, WordArt strings, list entries. */
const shownAttributes = new Set(['descr', 'title', 'alt', 'o:title', 'string', 'w:displayText']);

/**
 * WordprocessingML (body, headers, footers, notes, comments, text boxes, OMML
 * math) with the document's styles. Deleted text, moved-away text, field
 * codes and ruby text are read as written only.
 */
export function wordDialect(styles: WordStyles): XmlDialect {
  return {
    paragraph: 'w:p',
    text: new Set(['w:t', 'w:delText', 'w:instrText', 'm:t']),
    breaks: new Set(['w:tab', 'w:br', 'w:cr']),
    shownAttributes,
    writtenOnly: new Set(['w:del', 'w:moveFrom', 'w:delText', 'w:instrText', 'w:rt']),
    fieldCodes: new Set(['w:instrText', 'w:instr']),
    hiddenRun: (run) => hiddenWordRun(styles, run),
    symbol: wordSymbol,
    shownText: (el, text) => symbolFontText(styles, el, text),
  };
}

/** A DrawingML run nobody sees: no text fill, or type of one point or less (sz is in hundredths of a point). */
function hiddenDrawingRun(run: Element): boolean {
  if (run.name !== 'a:r') return false;
  const props = run.children.find((c): c is Element => c.type === 'tag' && c.name === 'a:rPr');
  if (!props) return false;
  const size = Number(props.attribs.sz);
  return (Number.isFinite(size) && size > 0 && size <= 100) || props.children.some((c) => c.type === 'tag' && (c as Element).name === 'a:noFill');
}

/** DrawingML text (slides, masters, notes, SmartArt, chart titles, shapes in sheets). */
export const drawing: XmlDialect = {
  paragraph: 'a:p',
  text: new Set(['a:t', 'm:t']),
  breaks: new Set(['a:br', 'a:tab']),
  shownAttributes,
  hiddenRun: hiddenDrawingRun,
};

/** SpreadsheetML strings: a shared or inline string is one paragraph of runs; phonetic guides (rPh) are not shown in the cell. */
export const sheetStrings: XmlDialect = { paragraph: 'si', text: new Set(['t']), writtenOnly: new Set(['rPh']) };
export const inlineStrings: XmlDialect = { paragraph: 'is', text: new Set(['t']), writtenOnly: new Set(['rPh']) };
export const sheetComments: XmlDialect = { paragraph: 'comment', text: new Set(['t']) };

/** OpenDocument text: comments, ruby text, hidden text and note citations anchored in a paragraph are not part of its line. */
export const odfText: XmlDialect = {
  paragraph: 'text:p',
  text: new Set(),
  breaks: new Set(['text:tab', 'text:line-break', 'text:s']),
  directText: true,
  writtenOnly: new Set(['office:annotation', 'text:ruby-text', 'text:hidden-text', 'text:note-citation']),
};
