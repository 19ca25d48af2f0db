/**
 * HalfSipHash-2-4 (Aumasson & Bernstein; the keyed hash Linux uses for its
 * hash tables) over UTF-16 code units, two per 32-bit word. A PRF: without
 * the 64-bit key a stored value cannot be recomputed from guessed text.
 * One loop runs every step (message words with 2 rounds, then finalisation
 * with 4), with the round written out once: this runs once per k-gram.
 */
export function halfSipHash(k0: number, k1: number, text: string, start: number, length: number): number {
  let v0 = k0 | 0;
  let v1 = k1 | 0;
  let v2 = 0x6c796765 ^ k0;
  let v3 = 0x74656462 ^ k1;
  const end = start + length;
  const words = (length >> 1) + 1; // the last word carries the length (and an odd code unit)
  for (let step = 0; step <= words; step++) {
    let m = 0;
    let rounds = 2;
    if (step < words - 1) m = text.charCodeAt(start + 2 * step) | (text.charCodeAt(start + 2 * step + 1) << 16);
    else if (step === words - 1) m = ((length * 2) << 24) | (length & 1 ? text.charCodeAt(end - 1) : 0);
    else {
      v2 ^= 0xff;
      rounds = 4;
    }
    v3 ^= m;
    for (let r = 0; r < rounds; r++) {
      v0 = (v0 + v1) | 0;
      v1 = ((v1 << 5) | (v1 >>> 27)) ^ v0;
      v0 = (v0 << 16) | (v0 >>> 16);
      v2 = (v2 + v3) | 0;
      v3 = ((v3 << 8) | (v3 >>> 24)) ^ v2;
      v0 = (v0 + v3) | 0;
      v3 = ((v3 << 7) | (v3 >>> 25)) ^ v0;
      v2 = (v2 + v1) | 0;
      v1 = ((v1 << 13) | (v1 >>> 19)) ^ v2;
      v2 = (v2 << 16) | (v2 >>> 16);
    }
    v0 ^= m;
  }
  return (v1 ^ v3) >>> 0;
}
