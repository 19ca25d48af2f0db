/** Attempts per key (a client address) in a sliding minute, kept in memory and forgotten when idle. */
export class RateLimit {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts an attempt; false when the key has used its minute's share. */
  take(key: string): boolean {
    const t = this.now();
    const recent = (this.seen.get(key) ?? []).filter((at) => at > t - 60_000);
    if (this.seen.size > 10_000) this.forgetIdle(t);
    if (recent.length >= this.perMinute) {
      this.seen.set(key, recent);
      return false;
    }
    recent.push(t);
    this.seen.set(key, recent);
    return true;
  }

  private forgetIdle(t: number): void {
    for (const [key, times] of this.seen) if (!times.some((at) => at > t - 60_000)) this.seen.delete(key);
  }
}
