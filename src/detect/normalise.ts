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

/** Zero-width, bidi and other invisible format characters used to split marks. */
const invisible = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/;
/** Characters that stand in for the ★ of a 密级 mark. */
const starLikes = new Set([...'☆＊*※✩✪✫✬✭✮✯✰⭐⭑⭒🌟✦✧✱✲✳✴✵✶✷✸✹✺✻✼✽✾✿❀❁❂❃❄❅❆❇❈❉❊❋·•●○◆◇■□▲△']);
const bracketFold: Record<string, string> = {
  '〔': '[', '〕': ']', '﹝': '[', '﹞': ']', '【': '[', '】': ']', '［': '[', '］': ']', '〖': '[', '〗': ']',
  '（': '(', '）': ')', '﹙': '(', '﹚': ')',
};

export function normalise(original: string): Normalised {
  let text = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of original) {
    const at = i;
    i += ch.length;
    if (invisible.test(ch)) continue;
    let out: string;
    if (starLikes.has(ch)) out = '★';
    else if (bracketFold[ch]) out = bracketFold[ch]!;
    else out = ch.normalize('NFKC');
    const folded = bracketFold[out] ?? out;
    for (let k = 0; k < folded.length; k++) map.push(at);
    text += folded;
  }
  map.push(i);
  return { text, map: Int32Array.from(map) };
}

/** The original span [start, end) behind normalised span [from, to). */
export function originalSpan(n: Normalised, from: number, to: number): { start: number; end: number } {
  const start = n.map[from] ?? n.map[n.map.length - 1]!;
  const last = to > from ? n.map[to - 1]! : start;
  const end = to > from ? nextOriginal(n, to - 1, last) : start;
  return { start, end };
}

function nextOriginal(n: Normalised, index: number, at: number): number {
  for (let k = index + 1; k < n.map.length; k++) if (n.map[k]! > at) return n.map[k]!;
  return n.map[n.map.length - 1]!;
}
