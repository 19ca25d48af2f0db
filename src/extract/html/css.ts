/**
 * Just enough CSS to know what a reader sees: the rules of a page's
 * `<style>` blocks (selectors and declarations, comments removed, at-rule
 * blocks flattened), declarations of a `style` attribute, which declarations
 * hide an element, and the text `::before`/`::after` generate.
 */

export interface CssRule {
  selector: string;
  declarations: Map<string, string>;
}

/** Removes comments (`display:/**\/none` is `display:none` to a browser). */
export function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
}

/** `name: value; …` into a map (lower-case names, the last one wins, `!important` dropped). */
export function declarations(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const piece of splitOutsideStrings(stripComments(text), ';')) {
    const colon = piece.indexOf(':');
    if (colon < 0) continue;
    const name = piece.slice(0, colon).trim().toLowerCase();
    const value = piece.slice(colon + 1).replace(/!\s*important\s*$/i, '').trim();
    if (name) out.set(name, value);
  }
  return out;
}

/** Style-sheet rules in order; at-rules' blocks (`@media`, `@supports`) count as if they applied. */
export function parseRules(css: string): CssRule[] {
  const rules: CssRule[] = [];
  const text = stripComments(css);
  let i = 0;
  let prelude = '';
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      prelude += text.slice(i, end);
      i = end;
    } else if (c === '{') {
      const selector = prelude.trim();
      prelude = '';
      if (selector.startsWith('@')) {
        i++; // the block's rules are read in place
        continue;
      }
      const end = blockEnd(text, i + 1);
      rules.push({ selector, declarations: declarations(text.slice(i + 1, end)) });
      i = end + 1;
    } else if (c === '}' || c === ';') {
      prelude = '';
      i++;
    } else {
      prelude += c;
      i++;
    }
  }
  return rules;
}

function stringEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
  return Math.min(text.length, i + 1);
}

function blockEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '}') i = text[i] === '"' || text[i] === "'" ? stringEnd(text, i) : i + 1;
  return i;
}

function splitOutsideStrings(text: string, sep: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; ) {
    if (text[i] === '"' || text[i] === "'") i = stringEnd(text, i);
    else if (text[i] === sep) {
      out.push(text.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(text.slice(start));
  return out;
}

const px = (v: string | undefined): number | undefined => {
  const m = /^(-?\d*\.?\d+)(px|pt|em|rem|%)?$/.exec((v ?? '').trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'em' || m[2] === 'rem' ? n * 16 : m[2] === 'pt' ? (n * 4) / 3 : n;
};

/** A colour no reader can see: transparent, or an alpha of zero. */
function invisibleColour(v: string | undefined): boolean {
  const c = (v ?? '').trim().toLowerCase();
  return c === 'transparent' || /^(?:rgba|hsla)\(.*[,/]\s*0(?:\.0*)?%?\s*\)$/.test(c) || /^#[0-9a-f]{3}0$|^#[0-9a-f]{6}00$/.test(c);
}

/**
 * Declarations that take an element's text out of sight: not displayed,
 * invisible, transparent, too small to read, moved off the page, clipped
 * away, or a zero-sized box that hides its overflow.
 */
export function hides(d: Map<string, string>): boolean {
  const get = (n: string) => d.get(n)?.toLowerCase().replace(/\s+/g, ' ').trim();
  if (get('display') === 'none') return true;
  if (get('visibility') === 'hidden' || get('visibility') === 'collapse') return true;
  if (get('content-visibility') === 'hidden') return true;
  const opacity = Number(get('opacity'));
  if (get('opacity') !== undefined && Number.isFinite(opacity) && opacity <= 0.05) return true;
  const size = px(get('font-size'));
  if (size !== undefined && size < 4) return true;
  if (invisibleColour(get('color')) || invisibleColour(get('-webkit-text-fill-color'))) return true;
  const off = (n: string) => (px(get(n)) ?? 0) <= -500;
  if ((get('position') === 'absolute' || get('position') === 'fixed') && (off('left') || off('top') || off('right'))) return true;
  if ((px(get('text-indent')) ?? 0) <= -500) return true;
  if (/^rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)$/.test(get('clip') ?? '') || /inset\(\s*50%/.test(get('clip-path') ?? '')) return true;
  const tiny = (n: string) => (px(get(n)) ?? Infinity) <= 1;
  if ((tiny('width') || tiny('height') || tiny('max-width') || tiny('max-height')) && /hidden|clip/.test(get('overflow') ?? '')) return true;
  if (/scale\(\s*0(?:\.0*)?\s*\)/.test(get('transform') ?? '')) return true;
  return false;
}

/** The text `content:` generates: its strings, and `attr(name)` read from the element; counters and images yield nothing. */
export function generatedText(value: string | undefined, attr: (name: string) => string | undefined): string {
  if (!value || /^(?:none|normal)$/i.test(value.trim())) return '';
  let out = '';
  const re = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|attr\(\s*([\w-]+)\s*\)/gi;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (m[3]) out += attr(m[3].toLowerCase()) ?? '';
    else out += unescapeCss(m[1] ?? m[2] ?? '');
  }
  return out;
}

/** CSS string escapes: `\\79d8` (hex, an optional space after), `\\"`. */
function unescapeCss(s: string): string {
  return s.replace(/\\([0-9a-fA-F]{1,6})\s?|\\(.)/g, (_m, hex: string | undefined, ch: string | undefined) => (hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : (ch ?? '')));
}
