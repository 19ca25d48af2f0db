import { rng } from '../fixtures/official-text.js';

/** A seeded picker: every choice in the corpus goes through one of these, so builds are identical. */
export interface Rand {
  (): number;
  int(lo: number, hi: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
  shuffle<T>(list: readonly T[]): T[];
}

export function rand(seed: number): Rand {
  const r = rng(seed) as Rand;
  // The LCG's first outputs for nearby seeds are close: skip a few so seeds 1, 2, 3 diverge.
  for (let i = 0; i < 5; i++) r();
  r.int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  r.pick = (list) => list[Math.floor(r() * list.length)]!;
  r.chance = (p) => r() < p;
  r.shuffle = (list) => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return r;
}

/** A stable 32-bit hash of a string (FNV-1a), to seed per-group choices by name. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
