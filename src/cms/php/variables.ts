/**
 * How PHP turns an input name into the keys of $_GET / $_POST
 * (php_register_variable_ex in main/php_variables.c, PHP 8.2). Keys are byte
 * strings, held here as latin1 strings (one char per byte).
 *
 * - The name is a C string: it ends at the first NUL byte (`a%00b` is `a`).
 * - Leading spaces are dropped; ` ` and `.` before the first `[` become `_`.
 * - `[` starts an index: `a[b][c]` is a → b → c, `a[]` appends. Text after a
 *   `]` that is not another `[` is ignored (`a[b]c` is a → b).
 * - A `[` never closed turns into `_`, and so do ` `, `.` and `[` after it
 *   (`rest[route` is `rest_route`); at the second level or deeper the rest of
 *   the name is dropped instead (`a[b][c` is a → b).
 * - Nesting deeper than max_input_nesting_level drops the variable.
 */

/** A key path; `null` is an append (`[]`). */
export type PhpKeyPath = Array<string | null>;

export const maxInputNestingLevel = 64;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

/** The key path PHP stores a variable under, or undefined when PHP drops it. */
export function phpKeyPath(name: string, nestingLimit = maxInputNestingLevel): PhpKeyPath | undefined {
  const nul = name.indexOf('\0');
  let s = nul < 0 ? name : name.slice(0, nul);
  let lead = 0;
  while (s[lead] === ' ') lead++;
  s = s.slice(lead);

  let top = '';
  let i = 0;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '[') break;
    top += c === ' ' || c === '.' ? '_' : c;
  }
  if (top === '') return undefined;
  if (i === s.length) return [top];

  const path: PhpKeyPath = [];
  let index: string | null = top;
  let level = 0;
  // i is at a '[' that opens an index.
  for (;;) {
    if (++level > nestingLimit) return undefined;
    let ip = i + 1;
    const indexStart = ip;
    if (isSpace(s[ip])) ip++;
    if (s[ip] === ']') {
      path.push(index);
      index = null;
      i = ip;
    } else {
      const close = s.indexOf(']', ip);
      if (close < 0) {
        // Not an index. At the top level the '[' and the rest fold into the name; deeper, the rest is dropped.
        if (level === 1) return [top + '_' + s.slice(indexStart).replace(/[ .[]/g, '_')];
        path.push(index);
        return path;
      }
      path.push(index);
      index = s.slice(indexStart, close);
      i = close;
    }
    if (s[i + 1] === '[') i++;
    else {
      path.push(index);
      return path;
    }
  }
}

/** `a → b → (append)` as PHP would write it: `a[b][]`. */
export function formatKeyPath(path: PhpKeyPath): string {
  return path.map((k, n) => (n === 0 ? k : `[${k ?? ''}]`)).join('');
}
