import { normalise } from '../detect/normalise.js';

/**
 * Lines every document of one issuer shares: the signature (the organ's name
 * alone, the date alone) and the end matter (抄送, 主送, …印发). They say who
 * and when, not what: a released document of the same office must not match
 * a registered one on them. They are left out of the registered document
 * when it is fingerprinted, never out of what is scanned, so nobody can hide
 * a copy by shaping it like them.
 */
const organ = /^[\u4e00-\u9fff()]{2,30}(?:办公厅|办公室|人民政府|政府|委员会|厅|局|委|部|院|会|中心|处|室|所|站|办)$/;
const date = /^(?:\d{4}|[〇一二三四五六七八九零]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日$/;
const endMatter = /^(?:抄送|主送|分送|报送)[:：]|印发$/;

export function saysWhoAndWhen(line: string): boolean {
  const t = normalise(line).text.replace(/\s+/g, '');
  return t.length > 0 && ((t.length <= 32 && (organ.test(t) || date.test(t))) || (t.length <= 160 && endMatter.test(t)));
}

/** The registered document's text without its signature and end-matter lines. */
export function withoutIssuerLines(text: string): string {
  return text
    .split('\n')
    .filter((l) => !saysWhoAndWhen(l))
    .join('\n');
}
