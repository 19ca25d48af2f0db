/**
 * Registered documents and texts to scan against them, for the registry's
 * measurement tests: official phrasing (the notice generator, the stock
 * formulas every 公文 carries) mixed with distinctive sentences, and texts
 * that copy, excerpt (at lengths around the hold and block lengths, with
 * OCR-like misreads and edits) or only share the phrasing.
 */
import { officialText, randomWords, rng } from '../fixtures/official-text.js';

/** Stock phrasing of notices, as every unit writes it. */
export const formulas = [
  '各县（市、区）人民政府，市直各单位：',
  '为进一步加强安全生产工作，切实维护人民群众生命财产安全，经市人民政府同意，现将有关事项通知如下：',
  '一、总体要求',
  '深入贯彻落实党中央、国务院决策部署，坚持人民至上、生命至上，统筹发展和安全。',
  '二、主要任务',
  '三、保障措施',
  '各有关单位要高度重视，加强组织领导，明确责任分工，确保各项工作落到实处。',
  '请于6月30日前将工作开展情况报送市应急管理局。',
  '联系人：张明，联系电话：0571-87654321。',
  '《桐州市安全生产专项整治方案》已经市人民政府同意，现印发给你们，请认真组织实施。',
];

/** A registered document: formulas, notice sentences and distinctive sentences, one paragraph per line. */
export function registeredDocument(seed: number): string[] {
  const r = rng(seed);
  const paragraphs: string[] = [formulas[0]!, formulas[1]!];
  const notice = officialText(seed, 1200, 0);
  for (let i = 0; i < notice.length; i++) {
    paragraphs.push(notice[i]!);
    if (i % 2 === 0) paragraphs.push(distinctive(seed * 100 + i, 60 + Math.floor(r() * 60)));
    if (i % 3 === 1) paragraphs.push(formulas[2 + (i % (formulas.length - 2))]!);
  }
  return paragraphs;
}

/** A sentence of unique content (random words): what only this document says. */
export function distinctive(seed: number, chars: number): string {
  return `${randomWords(seed, chars).replace(/\n/g, '')}。`;
}

const lookalikes = '某甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';

/** `count` characters misread (replaced), as OCR does; never the punctuation. */
export function misread(text: string, seed: number, count: number): string {
  const r = rng(seed);
  const chars = [...text];
  for (let n = 0; n < count; n++) {
    const at = Math.floor(r() * chars.length);
    if (/[\p{L}\p{N}]/u.test(chars[at]!)) chars[at] = lookalikes[Math.floor(r() * lookalikes.length)]!;
  }
  return chars.join('');
}

/** One word deleted and one inserted, as an editor does. */
export function edited(text: string, seed: number): string {
  const r = rng(seed);
  const cut = Math.floor(r() * (text.length - 2));
  const without = text.slice(0, cut) + text.slice(cut + 2);
  const at = Math.floor(r() * without.length);
  return `${without.slice(0, at)}进一步${without.slice(at)}`;
}

export interface ScanCase {
  name: string;
  text: string;
}

/** Unrelated notice prose around an inserted passage. */
function notice(seed: number, passage: string): string {
  const around = officialText(seed, 300, 1);
  return ['关于做好近期重点工作的通知', formulas[0], around[0], passage, around[1] ?? '', '特此通知。'].join('\n');
}

/** Copies, excerpts at borderline lengths (clean, misread, edited) and texts sharing only phrasing. */
export function scanCases(docs: string[][]): ScanCase[] {
  const cases: ScanCase[] = [{ name: 'full copy', text: docs[0]!.slice(1).join('\n') }];
  const body = docs[1]!.join('');
  const lengths = [16, 20, 22, 24, 25, 26, 27, 28, 30, 34, 40, 46, 48, 49, 50, 51, 52, 54, 58, 64, 80];
  lengths.forEach((length, i) => {
    const from = 200 + i * 37;
    const excerpt = body.slice(from, from + length);
    cases.push({ name: `excerpt ${length}`, text: notice(i, excerpt) });
    cases.push({ name: `excerpt ${length}, 1 misread`, text: notice(i + 100, misread(excerpt, i, 1)) });
    cases.push({ name: `excerpt ${length}, 2 misread`, text: notice(i + 200, misread(excerpt, i + 1000, 2)) });
    cases.push({ name: `excerpt ${length}, edited`, text: notice(i + 300, edited(excerpt, i)) });
  });
  for (let seed = 1; seed <= 12; seed++) {
    // The same sentence frames and phrase lists as the registered documents, and their formulas.
    const shared = officialText(9000 + seed, 900, 'all');
    cases.push({ name: `phrasing ${seed}`, text: [formulas[0], formulas[(seed % 8) + 1], ...shared, formulas[(seed % 3) + 6]].join('\n') });
  }
  return cases;
}
