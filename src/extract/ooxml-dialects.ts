import type { Element } from 'domhandler';
import type { XmlDialect } from './ooxml-text.js';

const child = (el: Element, name: string) => el.children.find((c): c is Element => c.type === 'tag' && c.name === name);
const on = (el: Element | undefined) => !!el && !/^(?:0|false|off)$/i.test(el.attribs['w:val'] ?? 'true');

/**
 * A Word run the printed page does not show: hidden (w:vanish), type of one
 * point or less, or white type on no shading. Its text is read as written
 * only, so it can neither split a mark nor put a quotation mark before one.
 */
function hiddenWordRun(run: Element): boolean {
  if (run.name !== 'w:r') return false;
  const props = child(run, 'w:rPr');
  if (!props) return false;
  if (on(child(props, 'w:vanish'))) return true;
  const size = Number(child(props, 'w:sz')?.attribs['w:val']);
  if (size > 0 && size <= 2) return true; // half-points
  const colour = child(props, 'w:color')?.attribs['w:val']?.toUpperCase();
  const shaded = child(props, 'w:highlight') || /^(?!auto$|FFFFFF$)/i.test(child(props, 'w:shd')?.attribs['w:fill'] ?? 'auto');
  return colour === 'FFFFFF' && !shaded;
}

/** Symbol fonts put their glyphs at U+F0xx; the stars a 密级 uses, by font. */
const symbolStars: Record<string, number[]> = { wingdings: [0xab] };

/** Word's w:sym (a character of a symbol font): a star where the font draws one, else the character. */
function wordSymbol(el: Element): string | undefined {
  if (el.name !== 'w:sym') return undefined;
  const code = parseInt(el.attribs['w:char'] ?? '', 16);
  if (!Number.isFinite(code)) return '';
  const glyph = code >= 0xf000 && code <= 0xf0ff ? code - 0xf000 : code;
  if (symbolStars[(el.attribs['w:font'] ?? '').toLowerCase()]?.includes(glyph)) return '★';
  return String.fromCodePoint(glyph);
}

/** Alt texts and titles of pictures and shapes, WordArt strings, list entries. */
const shownAttributes = new Set(['descr', 'title', 'alt', 'o:title', 'string', 'w:displayText']);

/** WordprocessingML: body, headers, footers, notes, comments, text boxes; OMML math (m:t) and deleted text too. */
export const word: XmlDialect = {
  paragraph: 'w:p',
  text: new Set(['w:t', 'w:delText', 'w:instrText', 'm:t']),
  breaks: new Set(['w:tab', 'w:br', 'w:cr']),
  shownAttributes,
  fieldCodes: new Set(['w:instrText', 'w:instr']),
  hiddenRun: hiddenWordRun,
  symbol: wordSymbol,
};

/** DrawingML text (slides, masters, notes, SmartArt, chart titles, shapes in sheets). */
export const drawing: XmlDialect = {
  paragraph: 'a:p',
  text: new Set(['a:t', 'm:t']),
  breaks: new Set(['a:br', 'a:tab']),
  shownAttributes,
};

/** SpreadsheetML strings: a shared or inline string is one paragraph of runs. */
export const sheetStrings: XmlDialect = { paragraph: 'si', text: new Set(['t']) };
export const inlineStrings: XmlDialect = { paragraph: 'is', text: new Set(['t']) };
export const sheetComments: XmlDialect = { paragraph: 'comment', text: new Set(['t']) };
