import { AsyncLocalStorage } from 'node:async_hooks';
import type { MatchResult } from './match.js';

/**
 * What an allowed text shared with the registry, too little for any finding:
 * the material for learning boilerplate from the portal's own traffic. Plain
 * data, so a scan worker can hand it to the gateway's thread.
 */
export interface Observation {
  /** Keyed hashes of the k-grams shared with registered documents, each once. */
  hashes: number[];
  /** The text's own content (what no registered document shares), as a sketch: tells a re-sent document from a distinct one. */
  sketch: number[];
}

/** Sketch size: the smallest hashes of the text's own k-grams. */
const sketchSize = 32;

/**
 * Collects the observations of one scanned request, across its parts and the
 * scanner's repeated looks at the same part. Set by the scan (see
 * scan/request-scan.ts) through `observing`, so matching needs no new path
 * through the scanner and the rule families. The work is done in `result`,
 * only for a request that may teach something.
 */
export class ObservationCollector {
  private readonly seen = new Map<string, { k: number; result: MatchResult }>();

  add(text: string, k: number, result: MatchResult): void {
    this.seen.set(text, { k, result });
  }

  /** The request's observation, or nothing when it shared nothing with the registry. */
  result(): Observation | undefined {
    const hashes = new Set<number>();
    for (const { result } of this.seen.values()) result.matched.forEach((m, i) => m && hashes.add(result.query.all[i]!));
    if (!hashes.size) return undefined;
    const own: number[] = [];
    for (const [text, { k, result }] of this.seen) {
      for (let i = 0; i < result.matched.length; i++) if (!result.matched[i] && result.query.counts(i)) keep(own, plainHash(text, i, k));
    }
    return { hashes: [...hashes], sketch: own };
  }
}

/** Keeps the `sketchSize` smallest distinct hashes in `own`, sorted. */
function keep(own: number[], h: number): void {
  if (own.length === sketchSize && h >= own[own.length - 1]!) return;
  let at = own.length;
  while (at > 0 && own[at - 1]! > h) at--;
  if (own[at - 1] === h) return;
  own.splice(at, 0, h);
  if (own.length > sketchSize) own.pop();
}

export const observing = new AsyncLocalStorage<ObservationCollector>();

/**
 * An unkeyed hash of a k-gram (FNV-1a, then murmur's finaliser). The sketch
 * is of public text (allowed content), and with no key, whether two
 * documents count as the same does not depend on the installation either.
 */
function plainHash(text: string, start: number, k: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + k; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Estimated Jaccard similarity of the own content of two documents, from their bottom-k sketches (1 when both have none). */
export function similarity(a: number[], b: number[]): number {
  const union = [...new Set([...a, ...b])].sort((x, y) => x - y).slice(0, sketchSize);
  if (!union.length) return 1;
  const [inA, inB] = [new Set(a), new Set(b)];
  return union.filter((h) => inA.has(h) && inB.has(h)).length / union.length;
}
