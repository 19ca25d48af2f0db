/**
 * Aho-Corasick automaton: every keyword found in one pass over the text,
 * however many keywords there are. Transitions live in one Map keyed by
 * state × 2^16 + code unit; failure links and merged outputs are precomputed.
 */
export class AhoCorasick {
  private readonly next = new Map<number, number>();
  private readonly fail: Int32Array;
  /** Keyword indexes ending at each state (its own and those of its failure chain). */
  private readonly out: Array<number[] | undefined>;
  readonly size: number;
  /** Transitions out of the root by code unit, the hottest lookups, as a flat table. */
  private readonly root = new Int32Array(65536);

  constructor(readonly keywords: string[]) {
    const outs: Array<number[] | undefined> = [undefined];
    let states = 1;
    keywords.forEach((word, k) => {
      if (!word) throw new Error('empty keyword');
      let s = 0;
      for (let i = 0; i < word.length; i++) {
        const key = s * 65536 + word.charCodeAt(i);
        let t = this.next.get(key);
        if (t === undefined) {
          t = states++;
          this.next.set(key, t);
          outs.push(undefined);
        }
        s = t;
      }
      (outs[s] ??= []).push(k);
    });
    this.size = states;
    this.fail = new Int32Array(states);
    // Children of each state, for the breadth-first pass that sets failure links.
    const children: Array<Array<[number, number]>> = Array.from({ length: states }, () => []);
    for (const [key, t] of this.next) children[Math.floor(key / 65536)]!.push([key % 65536, t]);
    const queue: number[] = [];
    for (const [, t] of children[0]!) queue.push(t);
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const [code, t] of children[s]!) {
        let f = this.fail[s]!;
        while (f > 0 && !this.next.has(f * 65536 + code)) f = this.fail[f]!;
        const target = this.next.get(f * 65536 + code);
        this.fail[t] = target !== undefined && target !== t ? target : 0;
        const inherited = outs[this.fail[t]!];
        if (inherited) outs[t] = [...(outs[t] ?? []), ...inherited];
        queue.push(t);
      }
    }
    this.out = outs;
    for (const [code, t] of children[0]!) this.root[code] = t;
  }

  /** Calls `found(keywordIndex, end)` for every occurrence; `end` is exclusive. */
  scan(text: string, found: (keyword: number, end: number) => void): void {
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let t = s === 0 ? undefined : this.next.get(s * 65536 + code);
      while (t === undefined && s > 0) {
        s = this.fail[s]!;
        t = s === 0 ? undefined : this.next.get(s * 65536 + code);
      }
      s = t ?? this.root[code]!;
      const hits = this.out[s];
      if (hits) for (const k of hits) found(k, i + 1);
    }
  }
}
