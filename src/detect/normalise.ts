import { traditionalToSimplified } from './traditional.js';

/**
 * Normalisation with an offset map: the text rules match on, and for every
 * character of it the offset of the original character it came from, so a
 * finding points at the original span.
 */
export interface Normalised {
  text: string;
  /** map[i] = offset in the original of normalised character i; map[text.length] = original length. */
  map: Int32Array;
}

/**
 * Characters nobody sees, used to split marks: Unicode's default-ignorable
 * code points (zero-width, variation selectors, tags, fillers), format
 * characters (bidi controls, U+FFFB, U+1D173…), and the braille blank.
 */
const invisible = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/u;
/** Characters that stand in for the ★ of a 密级 mark (OCR, typing, evasion). */
const starLikes = new Set([...'☆＊*※✩✪✫✬✭✮✯✰⭐⭑⭒🌟✦✧✱✲✳✴✵✶✷✸✹✺✻✼✽✾✿❀❁❂❃❄❅❆❇❈❉❊❋·•●○◆◇■□▲△']);
const bracketFold: Record<string, string> = {
  '〔': '[', '〕': ']', '﹝': '[', '﹞': ']', '【': '[', '】': ']', '［': '[', '］': ']', '〖': '[', '〗': ']',
  '（': '(', '）': ')', '﹙': '(', '﹚': ')',
};

/** Code units NFKC leaves alone and no fold touches: ASCII (but `*`) and simplified CJK ideographs. */
function isStable(c: number): boolean {
  return (c < 0x80 && c !== 0x2a) || (((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) && traditionalToSimplified[c] === 0);
}

const folded = new Map<string, string>();

/** The normalised form of one character, cached (full-width punctuation recurs in every line). */
function fold(ch: string): string {
  let out = folded.get(ch);
  if (out === undefined) {
    out = foldUncached(ch);
    if (folded.size < 65536) folded.set(ch, out);
  }
  return out;
}

function foldUncached(ch: string): string {
  if (invisible.test(ch)) return '';
  if (starLikes.has(ch)) return '★';
  const direct = bracketFold[ch];
  if (direct) return direct;
  const nfkc = ch.normalize('NFKC');
  const simplified = nfkc.length === 1 ? traditionalToSimplified[nfkc.charCodeAt(0)] : 0;
  if (simplified) return String.fromCharCode(simplified);
  return bracketFold[nfkc] ?? nfkc;
}

export function normalise(original: string): Normalised {
  const n = original.length;
  const pieces: string[] = [];
  let map = new Int32Array(n + 1);
  let out = 0;
  let i = 0;
  while (i < n) {
    // Copy a run of stable code units in one slice (the common case for Chinese text).
    const runStart = i;
    while (i < n && isStable(original.charCodeAt(i))) i++;
    if (i > runStart) {
      pieces.push(original.slice(runStart, i));
      for (let k = runStart; k < i; k++) map[out++] = k;
      continue;
    }
    const cp = original.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const f = fold(ch);
    if (out + f.length + (n - i) + 1 > map.length) {
      const bigger = new Int32Array(map.length * 2 + f.length);
      bigger.set(map);
      map = bigger;
    }
    for (let k = 0; k < f.length; k++) map[out++] = i;
    pieces.push(f);
    i += ch.length;
  }
  map[out] = n;
  return { text: pieces.join(''), map: map.subarray(0, out + 1) };
}

/** The original span [start, end) behind normalised span [from, to). */
export function originalSpan(n: Normalised, from: number, to: number): { start: number; end: number } {
  const last = n.map.length - 1;
  const start = n.map[Math.min(from, last)]!;
  if (to <= from) return { start, end: start };
  const at = n.map[to - 1]!;
  // The end is where the next original character begins (a folded character may span several units).
  for (let k = to; k <= last; k++) if (n.map[k]! > at) return { start, end: n.map[k]! };
  return { start, end: n.map[last]! };
}

/** The same text without whitespace, its map kept (for short lines: marks spelled with spaces). */
export function withoutWhitespace(n: Normalised): Normalised {
  if (!/\s/.test(n.text)) return n;
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < n.text.length; i++) {
    const ch = n.text[i]!;
    if (/\s/.test(ch)) continue;
    text += ch;
    map.push(n.map[i]!);
  }
  map.push(n.map[n.text.length]!);
  return { text, map: Int32Array.from(map) };
}
