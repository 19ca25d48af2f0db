import { randomBytes } from 'node:crypto';
import type { HostedPortal } from '../portals/hosted.js';
import type { CrawlEvents } from './crawler.js';
import { crawlDefaults, runCrawl, type CrawlDeps, type CrawlJob } from './run.js';

/** A duration as operators write it: 30m, 6h, 1d (at least a minute). */
export function parseEvery(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(m|h|d)$/i.exec(text.trim());
  const ms = m ? Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]!.toLowerCase() as 'm' | 'h' | 'd'] : NaN;
  if (!(ms >= 60_000)) throw new Error(`"${text}" is not a crawl interval (30m, 6h, 1d; at least 1m)`);
  return ms;
}

export interface ScheduleSettings {
  everyMs: number;
  /** `wordpress`, `sitemap URL-OR-PATH` or `start URL-OR-PATH`; a path is on each portal's CMS. */
  source: string | undefined;
  auth: string | undefined;
  rate: number;
  concurrency: number;
  maxPages: number;
  maxBytes: number;
  /** More origins that are each portal's site (its public address, where a CMS names its media). */
  sites: string[];
}

/** The crawl job for one portal: its CMS, by the source the operator set (default: WordPress's REST API on a WordPress portal, else its home page). */
export function scheduledJob(portal: Pick<HostedPortal, 'upstream' | 'policy' | 'hosts'>, s: ScheduleSettings): CrawlJob {
  const [kind, where = '/'] = (s.source ?? (portal.policy.profile === 'wordpress' ? 'wordpress' : 'start /')).trim().split(/\s+/, 2);
  const url = new URL(where, portal.upstream.replace(/\/?$/, '/')).href;
  if (kind !== 'wordpress' && kind !== 'sitemap' && kind !== 'start') throw new Error(`crawl source "${s.source}": wordpress, sitemap URL or start URL`);
  return {
    [kind]: kind === 'wordpress' ? portal.upstream : url,
    // The hosts the gateway answers for are the portal's public addresses.
    sites: [...s.sites, ...portal.hosts.map((h) => `http://${h}`)],
    include: [],
    exclude: [],
    maxDepth: crawlDefaults.maxDepth,
    maxPages: s.maxPages,
    maxFetches: crawlDefaults.maxFetches,
    concurrency: s.concurrency,
    rate: s.rate,
    timeoutMs: crawlDefaults.timeoutMs,
    maxBytes: s.maxBytes,
    auth: kind === 'wordpress' ? s.auth : undefined,
    incremental: true,
    restart: false,
  };
}

/**
 * Crawls every portal once per interval from inside `baomi serve`. Each
 * interval's crawl of a portal is claimed in the store first, so of several
 * replicas one crawls it; a crawl cut short by a restart is resumed by the
 * next. Crawls run one after another, never two at once in a process.
 */
export class CrawlScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private readonly me = randomBytes(8).toString('hex');

  constructor(
    private readonly portals: Array<Pick<HostedPortal, 'id' | 'upstream' | 'policy' | 'hosts'>>,
    private readonly settings: ScheduleSettings,
    private readonly deps: Omit<CrawlDeps, 'events'> & { events?: (portal: string) => CrawlEvents },
  ) {}

  /** Checks for due crawls now and then every minute (an interval is at least one). */
  start(): void {
    const tick = () => {
      this.running ??= this.due().finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, Math.min(60_000, this.settings.everyMs)).unref();
  }

  private async due(): Promise<void> {
    const period = Math.floor(Date.now() / this.settings.everyMs);
    for (const portal of this.portals) {
      if (this.stopping.signal.aborted) return;
      try {
        // First writer wins across replicas: this interval's crawl of this portal is one process's.
        if ((await this.deps.store.settings.claim(`crawl:${portal.id}:${period}`, this.me)) !== this.me) continue;
        const summary = await runCrawl({ ...this.deps, events: this.deps.events?.(portal.id) }, portal.id, scheduledJob(portal, this.settings), this.stopping.signal);
        this.deps.logger.info({ portal: portal.id, run: summary.run.id, state: summary.run.state, resumed: summary.resumed, stats: summary.stats }, 'scheduled crawl ended');
      } catch (err) {
        this.deps.logger.error({ portal: portal.id, err: (err as Error).message }, 'scheduled crawl failed');
      }
    }
  }

  /** Stops the crawl in hand after its pages in flight (the next start resumes it). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.running;
  }
}
