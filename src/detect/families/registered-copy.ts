import { documentLocation } from '../../extract/document.js';
import type { Registry } from '../../registry/registry.js';
import type { RuleFamily } from '../family.js';
import type { Finding } from '../finding.js';
import type { ScanLine } from '../layout.js';

const copy = {
  id: 'registry.copy',
  description: { zh: '与已登记的涉密文件有大段相同内容（全文或摘抄）', en: 'Shares a long passage with a registered classified document (a copy or an excerpt)' },
};
const excerpt = {
  id: 'registry.excerpt',
  description: { zh: '与已登记的涉密文件有部分相同内容，需审核', en: 'Shares a shorter passage with a registered classified document: to be reviewed' },
};

/**
 * Lines every document of one issuer shares: the signature (the organ's name
 * alone, the date alone) and the end matter (抄送, 印发). They say who and
 * when, not what: a released document of the same office must not match a
 * registered one on them, so they are never part of a match.
 */
const organLine = /^[\u4e00-\u9fff()]{2,30}(?:办公厅|办公室|人民政府|政府|委员会|厅|局|委|部|院|会|中心|处|室|所|站|办)$/;
const dateLine = /^(?:\d{4}|[〇一二三四五六七八九零]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日$/;
function sayWhoAndWhen(l: ScanLine): boolean {
  if (l.zone === 'end') return true;
  const t = l.norm.text.replace(/\s+/g, '');
  return t.length <= 32 && (organLine.test(t) || dateLine.test(t));
}

/**
 * Copies and excerpts of registered classified documents (派生定密: a unit
 * copies paragraphs into its own notice and forgets to classify it). The
 * whole document's text is matched at once, across line breaks, and the
 * match's measure (characters, coverage) goes to decide, which blocks at
 * blockChars (or blockCoverage) and holds down to holdChars; the rule id says
 * which side of blockChars it is on. Evidence names the registration (#id and
 * level), never its text, number or title: reviewers look those up in the registry.
 */
export function registeredCopy(registry: Registry, policy: { blockChars: number; blockCoverage: number }): RuleFamily {
  return {
    id: 'registered-copy',
    category: 'registered-copy',
    description: { zh: '已登记涉密文件的复制或摘抄', en: 'Copies and excerpts of registered classified documents' },
    rules: [copy, excerpt],
    scan(doc, lines: ScanLine[]): Finding[] {
      if (!registry.size || !lines.length) return [];
      const starts: number[] = [];
      let text = '';
      for (const l of lines) {
        starts.push(text.length);
        text += (sayWhoAndWhen(l) ? '' : l.text) + '\n';
      }
      return registry.match(text).map((m) => {
        const blocks = m.matchedChars >= policy.blockChars || m.coverage >= policy.blockCoverage;
        const rule = blocks ? copy : excerpt;
        const [from, to] = m.spans[0]!;
        let i = starts.length - 1;
        while (i > 0 && starts[i]! > from) i--;
        const sl = lines[i]!;
        const d = m.document;
        return {
          rule: rule.id,
          category: 'registered-copy',
          severity: 'strong',
          measure: { chars: m.matchedChars, coverage: m.coverage },
          score: 0,
          // Editors see this: the registration number and level, never the registered document's number or title.
          evidence: `#${d.id} ${d.level}: ${m.matchedChars} chars, ${Math.round(m.coverage * 100)}%`,
          description: rule.description,
          location: { ...documentLocation(doc), page: sl.page, line: sl.index + 1, start: from - starts[i]!, end: Math.min(sl.text.length, to - starts[i]!), box: sl.box },
          spans: m.spans,
        } satisfies Finding;
      });
    },
  };
}
