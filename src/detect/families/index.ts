import type { Policy } from '../../policy/schema.js';
import { hierarchyOf, type Portal } from '../../policy/portal.js';
import type { RuleFamily } from '../family.js';
import { keywordLists } from './keywords.js';
import { publicRelease } from './public-release.js';
import { registeredCopy, type CopyMatcher } from './registered-copy.js';
import { redLayout } from './red-layout.js';
import { repostSource } from './repost-source.js';
import { restrictedCirculation } from './restricted-circulation.js';
import { stateSecretMarks } from './state-secret-marks.js';
import { superiorDocument } from './superior-document.js';
import { telegram } from './telegram.js';
import { workSecretMarks } from './work-secret-marks.js';

/** Every rule family, in the order they run. Adding one: a file here and a line below. */
export function createRuleFamilies(policy: Pick<Policy, 'keywords' | 'sources' | 'registry'>, portal?: Portal, registry?: CopyMatcher): RuleFamily[] {
  const hierarchy = hierarchyOf(portal);
  return [
    stateSecretMarks,
    workSecretMarks,
    restrictedCirculation,
    telegram,
    superiorDocument(hierarchy),
    redLayout,
    publicRelease,
    keywordLists(policy.keywords),
    repostSource(policy.sources, hierarchy, portal?.portal),
    ...(registry ? [registeredCopy(registry, policy.registry)] : []),
  ];
}
