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
/** Per code unit: 1 keep, 2 keep lower-cased, 0 drop; decided once per code unit seen (surrogates are kept). */
const classOf = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  if (c >= 0x41 && c <= 0x5a) classOf[c] = 2;
  else if ((c >= 0xd800 && c <= 0xdfff) || letterOrDigit.test(String.fromCharCode(c))) classOf[c] = 1;
}

export function canonical(original: string): Canonical {
  const n = normalise(original);
  const codes = new Uint16Array(n.text.length);
  const map = new Int32Array(n.text.length + 1);
  let j = 0;
  for (let i = 0; i < n.text.length; i++) {
    const c = n.text.charCodeAt(i);
    const kind = classOf[c]!;
    if (kind) {
      codes[j] = kind === 2 ? c + 32 : c;
      map[j++] = n.map[i]!;
    }
  }
  map[j] = original.length;
  let text = '';
  // In chunks: fromCharCode takes its arguments on the stack.
  for (let at = 0; at < j; at += 8192) text += String.fromCharCode(...codes.subarray(at, Math.min(j, at + 8192)));
  return { text, map: map.subarray(0, j + 1) };
}
