import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { formattedText } from './number-format.js';
import { inlineStrings, sheetStrings } from './ooxml-dialects.js';
import { blocksOf, stringLiterals, type XmlBlock } from './ooxml-text.js';

const textOf = ($: CheerioAPI, nodes: AnyNode[], dialect = sheetStrings) =>
  blocksOf($, nodes, dialect)
    .filter((b) => !b.attribute)
    .map((b) => b.text)
    .join(' ');

/** What a workbook's cells refer to: its shared strings (in table order) and its cell formats' number formats. */
export class Workbook {
  readonly strings: string[] = [];
  /** Shared strings some cell shows; the rest are read beside the flow. */
  readonly used = new Set<number>();
  private readonly formats: Array<string | undefined> = [];

  constructor(sharedStringsXml?: string, stylesXml?: string) {
    if (sharedStringsXml) {
      const $ = load(sharedStringsXml, { xml: true });
      // Every <si> keeps its index, empty or not: cells refer to strings by position.
      for (const si of $('si').toArray()) this.strings.push(textOf($, [si]));
    }
    if (stylesXml) {
      const $ = load(stylesXml, { xml: true });
      const codes = new Map<string, string>();
      $('numFmts numFmt').each((_, el) => void codes.set((el as Element).attribs.numFmtId ?? '', (el as Element).attribs.formatCode ?? ''));
      for (const xf of $('cellXfs xf').toArray()) this.formats.push(codes.get((xf as Element).attribs.numFmtId ?? ''));
    }
  }

  /** The number format of cell style `s` when it is a custom one. */
  format(style: string | undefined): string | undefined {
    return this.formats[Number(style ?? 0)];
  }

  /** Shared strings no cell shows, as text of their own. */
  unused(): string[] {
    return this.strings.filter((s, i) => s && !this.used.has(i));
  }
}

/** CHAR(n) and UNICHAR(n) in a formula, as the characters they make. */
const characterCalls = (formula: string) => formula.replace(/\b(?:UNI)?CHAR\(\s*(\d{1,7})\s*\)/gi, (_m, n: string) => `"${String.fromCodePoint(Math.min(Number(n), 0x10ffff)).replace(/"/g, '""')}"`);

/**
 * A worksheet as it shows, cell by cell in row order: shared and inline
 * strings, formula results, the text a number format adds, and a formula's
 * string literals joined (`"秘"&"密★1年"` shows 秘密★1年 once calculated); then
 * the printed page header and footer sections (running), then any other
 * attribute with text in it (data-validation prompts).
 */
export function worksheetBlocks(xml: string, book: Workbook): XmlBlock[] {
  const $ = load(xml, { xml: true });
  const out: XmlBlock[] = [];
  for (const el of $('sheetData c').toArray() as Element[]) {
    const cell = $(el);
    const type = cell.attr('t');
    const value = cell.children('v').text();
    let text: string | undefined;
    if (type === 's') {
      const index = Number(value);
      book.used.add(index);
      text = book.strings[index];
    } else if (type === 'inlineStr') text = textOf($, cell.children('is').toArray(), inlineStrings);
    else if (type === 'str') text = value;
    const format = book.format(cell.attr('s'));
    const formatted = format !== undefined && (type === undefined || type === 'n' || text !== undefined) ? formattedText(format, text ?? value, text !== undefined) : undefined;
    const shown = formatted ?? text;
    if (shown?.trim()) out.push({ text: shown.replace(/\s+/g, ' ').trim() });
    const formula = cell.children('f').text();
    const joined = formula ? stringLiterals(characterCalls(formula)).join('') : '';
    if (joined && joined !== shown?.trim()) out.push({ text: joined });
  }
  $('headerFooter')
    .children()
    .each((_, el) => void out.push(...headerFooterSections($(el).text()).map((text) => ({ text, running: true }))));
  $('*').each((_, el) => {
    for (const value of Object.values((el as Element).attribs)) if (/[^\x00-\x7f]/.test(value)) out.push({ text: value.trim(), attribute: true });
  });
  return out;
}

/**
 * A header or footer string's left, centre and right sections as printed:
 * `&L秘密★1年&C第&P页` → `秘密★1年`, `第页`. Formatting codes (&"font,style",
 * &12, &K colour, &B …) are dropped; `&&` is an ampersand.
 */
export function headerFooterSections(code: string): string[] {
  return code
    .split(/&[LCR]/)
    .map((s) =>
      s
        .replace(/&"[^"]*"/g, '')
        .replace(/&K[0-9A-Fa-f]{6}|&K\d{2}[+-]\d{3}/g, '')
        .replace(/&\d+/g, '')
        .replace(/&([A-Za-z&])/g, (_m, c: string) => (c === '&' ? '&' : ''))
        .trim(),
    )
    .filter(Boolean);
}
