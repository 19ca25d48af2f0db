import { Converter } from 'opencc-js/t2cn';

/**
 * Traditional and variant characters folded to simplified (機密 祕密 絕密 內部 →
 * 机密 秘密 绝密 内部) with OpenCC's maintained dictionaries. Built once into a
 * code-unit table so normalisation stays a table lookup per character: OpenCC's
 * own phrase matching runs at a few MB/s, too slow for every request.
 */
function buildTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  const toSimplified = Converter({ from: 't', to: 'cn' });
  const chars: string[] = [];
  for (let c = 0x3400; c <= 0x9fff; c++) chars.push(String.fromCharCode(c));
  // Newlines keep OpenCC from matching phrases across neighbours: a character-level mapping.
  const converted = toSimplified(chars.join('\n')).split('\n');
  if (converted.length !== chars.length) throw new Error('OpenCC changed the line count while building the t2s table');
  converted.forEach((out: string, i: number) => {
    if (out.length === 1 && out !== chars[i]) table[chars[i]!.charCodeAt(0)] = out.charCodeAt(0);
  });
  // Variants OpenCC's t→cn set leaves alone but that stand for the same mark.
  for (const [from, to] of [['祕', '秘'], ['內', '内']] as const) table[from.charCodeAt(0)] = to.charCodeAt(0);
  return table;
}

export const traditionalToSimplified = buildTable();
