import type { ScanLine } from './layout.js';

/** Phrases that introduce an example of a mark rather than apply one (保密宣传、培训材料). */
const examplePhrase = /(?:如|例如|比如|譬如|诸如|标注为|标志为|标识为|标为|标明|注明|写成|写作|印有|即|称为|所谓)\s*[:：,，]?\s*["“「『‘《]?\s*$/;
const openQuotes = '"“「『‘《';
const closeQuotes = '"”」』’》';

/** True when the match sits inside quotation marks or right after an example phrase. */
export function isQuotedOrExample(sl: ScanLine, m: RegExpExecArray): boolean {
  const before = sl.norm.text.slice(Math.max(0, m.index - 12), m.index);
  if (examplePhrase.test(before)) return true;
  let depth = 0;
  for (const ch of sl.norm.text.slice(0, m.index)) {
    if (ch === '"') depth = depth > 0 ? depth - 1 : depth + 1;
    else if (openQuotes.includes(ch)) depth++;
    else if (closeQuotes.includes(ch) && depth > 0) depth--;
  }
  return depth > 0;
}
