import { readFileSync } from 'node:fs';
import { canonical } from '../detect/fingerprint/canonical.js';
import type { Winnower } from '../detect/fingerprint/winnow.js';

/** The public baseline the project keeps (policies/registry-baseline.txt), beside src/ and dist/ alike. */
export const baselineFile = new URL('../../policies/registry-baseline.txt', import.meta.url);

/**
 * Keyed hashes of every k-gram of the public baseline: phrasing all official
 * documents share, never evidence of a copy. Every k-gram, not the winnowed
 * ones, so the phrase is known wherever a window picks inside it.
 */
export function baselineHashes(winnower: Winnower, file: URL | string = baselineFile): Set<number> {
  const hashes = new Set<number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const text = canonical(line).text;
    for (let i = 0; i + winnower.params.k <= text.length; i++) hashes.add(winnower.hashAt(text, i));
  }
  return hashes;
}
