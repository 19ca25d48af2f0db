import type { PolicyFile } from '../policy/schema.js';
import type { Finding } from './finding.js';

export type Verdict = 'allow' | 'hold' | 'block';

export interface Decision {
  verdict: Verdict;
  /** Medium evidence after the public-release discount. */
  score: number;
  /** The findings that led to the verdict, for the editor and the reviewer. */
  reasons: Finding[];
}

const order: Record<Verdict, number> = { allow: 0, hold: 1, block: 2 };

export function worst(a: Verdict, b: Verdict): Verdict {
  return order[a] >= order[b] ? a : b;
}

/**
 * Policy as a value, never an exception: strong evidence decides by category,
 * medium evidence adds up (discounted when the text shows an official public
 * release), and anything unscannable holds unless the policy fails open.
 */
export function decide(findings: Finding[], policy: Pick<PolicyFile, 'scoring' | 'failMode'>): Decision {
  let verdict: Verdict = 'allow';
  const reasons: Finding[] = [];
  let medium = 0;
  const mediumFindings: Finding[] = [];
  let isPublic = false;
  for (const f of findings) {
    if (f.severity === 'public') isPublic = true;
    else if (f.severity === 'medium') {
      medium += f.score;
      mediumFindings.push(f);
    } else {
      if (f.category === 'unscannable' && policy.failMode === 'open') continue;
      const v = f.verdict ?? policy.scoring.strong[f.category] ?? 'block';
      if (v !== 'allow') reasons.push(f);
      verdict = worst(verdict, v);
    }
  }
  const score = isPublic ? medium * policy.scoring.publicDiscount : medium;
  const fromMedium: Verdict = score >= policy.scoring.blockAt ? 'block' : score >= policy.scoring.holdAt ? 'hold' : 'allow';
  if (fromMedium !== 'allow') reasons.push(...mediumFindings);
  return { verdict: worst(verdict, fromMedium), score, reasons };
}
