/**
 * What a spreadsheet cell shows through its number format (ECMA-376
 * §18.8.31): `"秘密★"0"年"` shows 秘密★1年 for the number 1. Only the text a
 * format adds matters here, so numbers are rendered plainly (decimals kept,
 * no grouping) and date codes are left as they are.
 */

/** The format's sections (positive; negative; zero; text), split on `;` outside quotes, escapes and brackets. */
function sections(code: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      const stop = end < 0 ? code.length : end + 1;
      current += code.slice(i, stop);
      i = stop - 1;
    } else if (c === '\\') {
      current += code.slice(i, i + 2);
      i++;
    } else if (c === '[') {
      const end = code.indexOf(']', i);
      const stop = end < 0 ? code.length : end + 1;
      current += code.slice(i, stop);
      i = stop - 1;
    } else if (c === ';') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/** The number a run of digit placeholders (`0.00`, `#,##0`, `0%`) shows. */
function digits(placeholders: string, value: number): string {
  const percent = placeholders.includes('%');
  const decimals = /\.([0#?]*)/.exec(placeholders)?.[1]?.length ?? 0;
  return (percent ? value * 100 : value).toFixed(decimals) + (percent ? '%' : '');
}

/** A section with `value` put in: literals, escapes, `[$text-lcid]` kept, colours and conditions dropped. */
function render(section: string, value: string): string {
  const number = Number(value);
  let out = '';
  let numberShown = false;
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    if (c === '"') {
      const end = section.indexOf('"', i + 1);
      out += section.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? section.length : end;
    } else if (c === '\\') {
      out += section[i + 1] ?? '';
      i++;
    } else if (c === '[') {
      const end = section.indexOf(']', i);
      const inner = section.slice(i + 1, end < 0 ? undefined : end);
      if (inner.startsWith('$')) out += inner.slice(1).split('-')[0];
      i = end < 0 ? section.length : end;
    } else if (c === '_' || c === '*') {
      // _x leaves the width of x; *x repeats x to fill the cell: neither is text.
      if (c === '_') out += ' ';
      i++;
    } else if ('0#?'.includes(c)) {
      const run = /^[0#?.,%]+/.exec(section.slice(i))![0];
      if (!numberShown) out += Number.isFinite(number) ? digits(run, number) : value;
      numberShown = true;
      i += run.length - 1;
    } else if (c === '@') out += value;
    else if (/^general/i.test(section.slice(i))) {
      out += value;
      i += 6;
    } else out += c;
  }
  return out;
}

/**
 * The text a cell shows for `value` (a number, or the text of a text cell)
 * through format `code`, when the format adds text of its own; undefined
 * when it only formats a number (`0.00`, `#,##0`, `yyyy-mm-dd`).
 */
export function formattedText(code: string, value: string, isText: boolean): string | undefined {
  const parts = sections(code);
  const number = Number(value);
  let section: string | undefined;
  if (isText) section = parts[3] ?? (parts.length === 1 && parts[0]!.includes('@') ? parts[0] : undefined);
  else if (number < 0 && parts[1] !== undefined) section = parts[1];
  else if (number === 0 && parts[2] !== undefined) section = parts[2];
  else section = parts[0];
  if (section === undefined || !/["\\[]|[^\x00-\x7f]/.test(section)) return undefined;
  const text = render(section, value).trim();
  return text && text !== value && /[^\d\s.,%+-]/.test(text) ? text : undefined;
}
