import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { stringLiterals } from './ooxml-text.js';

/**
 * What a worksheet part shows besides its shared and inline strings:
 * formula results that are text (t="str") and the formulas' own string
 * literals, page header and footer sections, and texts in attributes
 * (data-validation prompts, a cell's hyperlink tooltip).
 */
export function worksheetTexts(xml: string): string[] {
  const $ = load(xml, { xml: true });
  const out: string[] = [];
  $('c').each((_, el) => {
    const cell = $(el);
    if (cell.attr('t') === 'str') out.push(cell.children('v').text());
    const formula = cell.children('f').text();
    if (formula) out.push(...stringLiterals(formula));
  });
  $('headerFooter')
    .children()
    .each((_, el) => void out.push(...headerFooterSections($(el).text())));
  $('*').each((_, el) => {
    for (const value of Object.values((el as Element).attribs)) if (/[^\x00-\x7f]/.test(value)) out.push(value);
  });
  return out.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
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
