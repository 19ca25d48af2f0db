import { documentLocation } from '../../extract/document.js';
import type { RuleFamily } from '../family.js';
import type { Finding } from '../finding.js';
import type { ScanLine } from '../layout.js';

/** One registered document a text shares passages with, as the matcher measured it. */
export interface CopyMatch {
  /** Characters in common in the longest shared passage, and the share of the registered document found. */
  matchedChars: number;
  coverage: number;
  /** Shared passages, as offsets [start, end) in the text matched. */
  spans: Array<[number, number]>;
  /** The registration, named to editors by number and level only. */
  document: { id: number; level: string };
}

/** What the family needs of a registry of classified documents (the registry keeps the fingerprints and their store). */
export interface CopyMatcher {
  readonly size: number;
  match(text: string): CopyMatch[];
}

const copy = {
  id: 'registry.copy',
  description: { zh: '与已登记的涉密文件有大段相同内容（全文或摘抄）', en: 'Shares a long passage with a registered classified document (a copy or an excerpt)' },
};
const excerpt = {
  id: 'registry.excerpt',
  description: { zh: '与已登记的涉密文件有部分相同内容，需审核', en: 'Shares a shorter passage with a registered classified document: to be reviewed' },
};

/**
 * Copies and excerpts of registered classified documents (派生定密: a unit
 * copies paragraphs into its own notice and forgets to classify it). The
 * whole document's text is matched at once, across line breaks, and the
 * match's measure (characters, coverage) goes to decide, which blocks at
 * blockChars (or blockCoverage) and holds down to holdChars; the rule id says
 * which side of blockChars it is on (the registered document's signature
 * and end matter were left out when it was registered). Evidence names the registration (#id and
 * level), never its text, number or title: reviewers look those up in the registry.
 */
export function registeredCopy(registry: CopyMatcher, policy: { blockChars: number; blockCoverage: number }): RuleFamily {
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
        text += l.text + '\n';
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
