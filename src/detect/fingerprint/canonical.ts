import { normalise } from '../normalise.js';

/**
 * The text fingerprints are taken over: the detection normaliser's output
 * (NFKC, traditional → simplified, invisible characters dropped) with only
 * letters and digits kept, ASCII lower-cased. Re-flowed punctuation,
 * paragraphs and spacing then change nothing. `map[i]` is the offset in the
 * original text of canonical character i.
 */
export interface Canonical {
  text: string;
  map: Int32Array;
}

const letterOrDigit = /[\p{L}\p{N}]/u;
const kept = new Map<string, boolean>();

function keep(ch: string): boolean {
  let k = kept.get(ch);
  if (k === undefined) {
    k = letterOrDigit.test(ch);
    if (kept.size < 65536) kept.set(ch, k);
  }
  return k;
}

export function canonical(original: string): Canonical {
  const n = normalise(original);
  const map = new Int32Array(n.text.length + 1);
  let text = '';
  let j = 0;
  for (let i = 0; i < n.text.length; i++) {
    const c = n.text.charCodeAt(i);
    // ASCII fast path; everything else by Unicode class.
    const isAscii = c < 0x80;
    if (isAscii ? (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) : keep(n.text[i]!)) {
      text += isAscii && c <= 0x5a && c >= 0x41 ? String.fromCharCode(c + 32) : n.text[i];
      map[j++] = n.map[i]!;
    }
  }
  map[j] = original.length;
  return { text, map: map.subarray(0, j + 1) };
}
