import type { PolicyFile } from '../policy/schema.js';
import type { Finding } from './finding.js';

export type Verdict = 'allow' | 'hold' | 'block';

export interface Decision {
  verdict: Verdict;
  /** Medium evidence after the public-release discount. */
  score: number;
  /** The findings that led to the verdict, strongest first: the first one is what the editor and the reviewer read first. */
  reasons: Finding[];
  /** The approved hold that let this content through. */
  approvedBy?: string;
}

/** A reviewer's earlier approval of the same content: it covers the rules the hold was made for. */
export interface ReviewerApproval {
  holdId: string;
  rules: ReadonlySet<string>;
}

type DecidePolicy = Pick<PolicyFile, 'scoring' | 'failMode' | 'registry'>;

const order: Record<Verdict, number> = { allow: 0, hold: 1, block: 2 };

export function worst(a: Verdict, b: Verdict): Verdict {
  return order[a] >= order[b] ? a : b;
}

/** Where one piece of strong evidence leads: by category and zone, a registry match by its measured length. */
function strongVerdict(f: Finding, policy: DecidePolicy): Verdict {
  const outside = f.zone !== undefined && f.zone !== 'header' ? policy.scoring.outsideHeader[f.category] : undefined;
  const byCategory = outside ?? policy.scoring.strong[f.category] ?? 'block';
  if (!f.measure) return byCategory;
  const r = policy.registry;
  if (f.measure.chars >= r.blockChars || f.measure.coverage >= r.blockCoverage) return byCategory;
  return f.measure.chars >= r.holdChars && byCategory !== 'allow' ? 'hold' : 'allow';
}

/**
 * The one place evidence becomes a verdict, with every threshold from the
 * policy: strong evidence decides by category (a registry match by its
 * length), medium evidence adds up (discounted when the text shows an
 * official public release), anything unscannable holds unless the policy
 * fails open, and a reviewer's approval of the same content lets it pass
 * when it covers every reason.
 */
export function decide(findings: Finding[], policy: DecidePolicy, approval?: ReviewerApproval): Decision {
  let verdict: Verdict = 'allow';
  const strong: Array<{ f: Finding; v: Verdict }> = [];
  let medium = 0;
  /** The part of the medium evidence that may block (holdOnly categories never do). */
  let blocking = 0;
  const mediumFindings: Finding[] = [];
  let isPublic = false;
  for (const f of findings) {
    if (f.severity === 'public') isPublic = true;
    else if (f.severity === 'medium') {
      medium += f.score;
      if (!policy.scoring.holdOnly.includes(f.category)) blocking += f.score;
      mediumFindings.push(f);
    } else {
      if (f.category === 'unscannable' && policy.failMode === 'open') continue;
      const v = strongVerdict(f, policy);
      if (v !== 'allow') strong.push({ f, v });
      verdict = worst(verdict, v);
    }
  }
  const discount = isPublic ? policy.scoring.publicDiscount : 1;
  const score = medium * discount;
  const fromMedium: Verdict = blocking * discount >= policy.scoring.blockAt ? 'block' : score >= policy.scoring.holdAt ? 'hold' : 'allow';
  // Blocking evidence first, then holding evidence, then the medium evidence by weight.
  const reasons = strong.sort((a, b) => order[b.v] - order[a.v]).map((s) => s.f);
  if (fromMedium !== 'allow') reasons.push(...mediumFindings.sort((a, b) => b.score - a.score));
  const decision: Decision = { verdict: worst(verdict, fromMedium), score, reasons };
  if (approval && decision.verdict !== 'allow' && reasons.every((f) => approval.rules.has(f.rule))) return { ...decision, verdict: 'allow', approvedBy: approval.holdId };
  return decision;
}
