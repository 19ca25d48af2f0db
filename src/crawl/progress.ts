import type { CrawlTally } from '../store/store.js';

interface Sample {
  at: number;
  done: number;
}

const duration = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`);

/**
 * Shows a crawl going: on a terminal a bar redrawn in place (found,
 * scanned, findings, rate, ETA), otherwise a plain line now and then for
 * logs. The counts come from the run's frontier in the store, so a resumed
 * crawl starts from where it was.
 */
export class CrawlProgress {
  private findings = 0;
  private samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastLine = 0;
  private startedAt = Date.now();
  /** Tasks done when the progress started (a resumed run has some). */
  private doneAtStart: number | undefined;

  constructor(
    private readonly out: { write(s: string): unknown },
    private readonly tty: boolean,
    private readonly tally: () => Promise<CrawlTally>,
    /** Plain lines at most this often (ms). */
    private readonly every = 10_000,
  ) {}

  start(): void {
    this.startedAt = Date.now();
    void this.tally().then((t) => (this.doneAtStart ??= t.done), () => {});
    this.timer = setInterval(() => void this.draw(), this.tty ? 500 : 1000).unref();
  }

  found(outcome: 'new' | 'seen' | 'reopened'): void {
    if (outcome !== 'seen') this.findings++;
  }

  /** The line as it stands (also the last line printed). */
  line(t: CrawlTally, now = Date.now()): string {
    this.samples.push({ at: now, done: t.done });
    // The rate over the last 30 s: steady, yet it follows a slow patch.
    while (this.samples.length > 2 && now - this.samples[0]!.at > 30_000) this.samples.shift();
    const first = this.samples[0]!;
    // Before a second sample (a short crawl), the rate since the start.
    const rate = now > first.at ? ((t.done - first.done) * 1000) / (now - first.at) : now > this.startedAt ? ((t.done - (this.doneAtStart ?? 0)) * 1000) / (now - this.startedAt) : 0;
    const left = t.queued + t.claimed;
    const found = left + t.done;
    const eta = rate > 0 ? duration(left / rate) : '?';
    const unscanned = t.outcomes.unscanned ?? 0;
    const text = `found ${found} · scanned ${t.done} · findings ${this.findings} · unscanned ${unscanned} · ${rate.toFixed(1)}/s · ETA ${left ? eta : '0s'}`;
    if (!this.tty) return text;
    const width = 24;
    const filled = found ? Math.round((t.done / found) * width) : 0;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`;
  }

  private async draw(final = false): Promise<void> {
    const t = await this.tally().catch(() => undefined);
    if (!t) return;
    const now = Date.now();
    if (this.tty) this.out.write(`\r\x1b[2K${this.line(t, now)}${final ? '\n' : ''}`);
    else if (final || now - this.lastLine >= this.every) {
      this.lastLine = now;
      this.out.write(`crawl: ${this.line(t, now)}\n`);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.draw(true);
  }
}
