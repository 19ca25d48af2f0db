import { patternFamily } from '../family.js';

/**
 * Restricted-circulation notes (附注, GB/T 9704-2012 §7.3.7): `（此件发至县团级）`,
 * `（此电发至…）`, `（此件不予公开）`. A document carrying one was never meant for
 * the internet. Only a bracketed line of its own counts: prose that mentions such
 * a note is not one.
 */
export const restrictedCirculation = patternFamily({
  id: 'restricted-circulation',
  category: 'restricted-circulation',
  description: { zh: '限定发放范围和不予公开的附注', en: 'Restricted-circulation and not-for-release notes' },
  patterns: [
    {
      id: 'restricted.circulation-note',
      severity: 'strong',
      score: 10,
      zone: 'any',
      pattern: /^\s*\(\s*此\s*[件电]\s*(?:发\s*至|传\s*达\s*至|只\s*发|阅\s*至|印\s*发\s*至)[^()]{1,24}\)\s*$/g,
      description: { zh: '附注限定了发放范围', en: 'note restricting circulation' },
    },
    {
      id: 'restricted.not-public-note',
      severity: 'strong',
      score: 10,
      zone: 'any',
      pattern: /^\s*\(\s*此\s*[件电]\s*(?:不\s*(?:予\s*)?公\s*开|不\s*宜\s*公\s*开|不\s*得\s*(?:上\s*网|外\s*传|公\s*开|翻\s*印))[^()]{0,20}\)\s*$/g,
      description: { zh: '附注注明不予公开', en: 'note saying the document is not for release' },
    },
  ],
});
