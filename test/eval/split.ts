/**
 * The fixed held-out split: 30% of groups (never of samples, so a document's
 * bare and in-page variants stay together), drawn per kind of group so every
 * kind is represented on both sides. The seed never changes: tuning on the
 * held-out groups would make its numbers meaningless.
 */
import { hash } from './random.js';
import type { EvalSample } from './types.js';

const seed = 'baomi-eval-holdout-v1';
export const heldOutShare = 0.3;

/** The kind of a group: its id up to the last slash ('registry-copy/03' → 'registry-copy'). */
const kindOf = (group: string) => group.slice(0, group.lastIndexOf('/'));

/** The held-out groups: per kind, the groups with the lowest seeded hash, quotas by largest remainder to hit 30% overall. */
export function heldOutGroups(groups: readonly string[]): Set<string> {
  const byKind = new Map<string, string[]>();
  for (const g of new Set(groups)) byKind.set(kindOf(g), [...(byKind.get(kindOf(g)) ?? []), g]);
  const total = [...byKind.values()].reduce((n, gs) => n + gs.length, 0);
  const quotas = [...byKind.entries()].map(([kind, gs]) => ({ kind, gs, exact: gs.length * heldOutShare, take: Math.floor(gs.length * heldOutShare) }));
  let left = Math.round(total * heldOutShare) - quotas.reduce((n, q) => n + q.take, 0);
  for (const q of [...quotas].sort((a, b) => b.exact - b.take - (a.exact - a.take) || hash(seed + a.kind) - hash(seed + b.kind))) {
    if (left <= 0) break;
    q.take++;
    left--;
  }
  const held = new Set<string>();
  for (const q of quotas) for (const g of [...q.gs].sort((a, b) => hash(seed + a) - hash(seed + b)).slice(0, q.take)) held.add(g);
  return held;
}

export function split(samples: readonly EvalSample[]): { tuning: EvalSample[]; heldOut: EvalSample[] } {
  const held = heldOutGroups(samples.map((s) => s.group));
  return { tuning: samples.filter((s) => !held.has(s.group)), heldOut: samples.filter((s) => held.has(s.group)) };
}
