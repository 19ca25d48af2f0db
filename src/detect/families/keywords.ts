import type { KeywordList } from '../../policy/schema.js';
import { AhoCorasick } from '../aho-corasick.js';
import { findingAt, type RuleFamily } from '../family.js';
import type { Finding } from '../finding.js';
import { normalise } from '../normalise.js';

/**
 * Custom keyword lists from policy (sensitive project names, code words, a
 * unit's own classified terms), normalised like the text and matched together
 * in one Aho-Corasick pass.
 */
export function keywordLists(lists: KeywordList[]): RuleFamily {
  const words: string[] = [];
  const owner: Array<{ list: KeywordList; word: string }> = [];
  for (const list of lists) {
    for (const word of list.words) {
      const norm = normalise(word).text.trim();
      if (!norm) continue;
      words.push(norm);
      owner.push({ list, word });
    }
  }
  const automaton = new AhoCorasick(words);
  const rules = lists.map((l) => ({ id: `keyword.${l.name}`, description: { zh: l.description ?? `关键词表 ${l.name}`, en: `keyword list ${l.name}` } }));
  return {
    id: 'keywords',
    category: 'keyword',
    description: { zh: '自定义关键词表', en: 'Custom keyword lists' },
    rules,
    scan(doc, lines, settings) {
      if (words.length === 0) return [];
      const findings: Finding[] = [];
      for (const sl of lines) {
        automaton.scan(sl.norm.text, (k, end) => {
          const { list } = owner[k]!;
          const rule = { id: `keyword.${list.name}`, severity: list.severity, description: rules[lists.indexOf(list)]!.description };
          findings.push(findingAt(rule, 'keyword', list.score, doc, sl, end - words[k]!.length, end, settings));
        });
      }
      return findings;
    },
  };
}
