/**
 * HalfSipHash-2-4 (Aumasson & Bernstein; the keyed hash Linux uses for its
 * hash tables) over UTF-16 code units, two per 32-bit word. A PRF: without
 * the 64-bit key a stored value cannot be recomputed from guessed text.
 */
const rotl = (x: number, b: number) => (x << b) | (x >>> (32 - b));

export function halfSipHash(k0: number, k1: number, text: string, start: number, length: number): number {
  let v0 = k0 | 0;
  let v1 = k1 | 0;
  let v2 = 0x6c796765 ^ k0;
  let v3 = 0x74656462 ^ k1;
  const round = () => {
    v0 = (v0 + v1) | 0;
    v1 = rotl(v1, 5) ^ v0;
    v0 = rotl(v0, 16);
    v2 = (v2 + v3) | 0;
    v3 = rotl(v3, 8) ^ v2;
    v0 = (v0 + v3) | 0;
    v3 = rotl(v3, 7) ^ v0;
    v2 = (v2 + v1) | 0;
    v1 = rotl(v1, 13) ^ v2;
    v2 = rotl(v2, 16);
  };
  const end = start + length;
  let i = start;
  for (; i + 1 < end; i += 2) {
    const m = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
  // Last word: the byte length in the top byte, and the odd code unit if any.
  const b = ((length * 2) << 24) | (i < end ? text.charCodeAt(i) : 0);
  v3 ^= b;
  round();
  round();
  v0 ^= b;
  v2 ^= 0xff;
  round();
  round();
  round();
  round();
  return (v1 ^ v3) >>> 0;
}
