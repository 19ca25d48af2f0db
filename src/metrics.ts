import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from './store/store.js';

/** Every metric the gateway exports, on its own registry (one per gateway instance). */
export class Metrics {
  readonly registry = new Registry();

  readonly notifications = new Counter({
    name: 'baomi_notifications_total',
    help: 'Review notifications to webhooks by result (sent, failed after every retry, dropped from a full queue).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly consoleSignIns = new Counter({
    name: 'baomi_console_signins_total',
    help: 'Reviewer console sign-ins by how (password, sso) and outcome (ok, wrong-password, locked, rate-limited, unknown-user, no-password).',
    labelNames: ['via', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly requests = new Counter({
    name: 'baomi_requests_total',
    help: 'Requests by portal, route (policy route name, passthrough, unknown-host or bad-target) and verdict (pass, allow, hold, block, monitor, too-large, refused, error).',
    labelNames: ['portal', 'route', 'verdict'] as const,
    registers: [this.registry],
  });
  readonly stageSeconds = new Histogram({
    name: 'baomi_inspection_duration_seconds',
    help: 'Time spent in each inspection stage.',
    labelNames: ['stage'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly findings = new Counter({
    name: 'baomi_findings_total',
    help: 'Findings by category and rule.',
    labelNames: ['category', 'rule'] as const,
    registers: [this.registry],
  });
  readonly inspectedBytes = new Counter({
    name: 'baomi_inspected_bytes_total',
    help: 'Request body bytes inspected (as received, before decoding).',
    registers: [this.registry],
  });
  readonly reviewDecisions = new Counter({
    name: 'baomi_review_decisions_total',
    help: 'Reviewer decisions on held items (release, release-failed, approve, reject).',
    labelNames: ['decision'] as const,
    registers: [this.registry],
  });
  readonly upstreamErrors = new Counter({
    name: 'baomi_upstream_errors_total',
    help: 'Requests the CMS upstream could not answer (unreachable, timeout, reset).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly upstreamSeconds = new Histogram({
    name: 'baomi_upstream_response_seconds',
    help: 'Time from forwarding a request to the CMS until its response headers arrive.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly scanWorkerRestarts = new Counter({
    name: 'baomi_scan_worker_restarts_total',
    help: 'Scan workers replaced, by reason (timeout: a scan past limits.scanTimeoutMs; exit: out of memory or a crash). Their requests were held.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly crawlTasks = new Counter({
    name: 'baomi_crawl_tasks_total',
    help: 'Pages, attachments, sitemaps and listings a crawl inside the gateway settled, by portal, kind and outcome (allow, hold, block, unchanged, unscanned, skipped, read).',
    labelNames: ['portal', 'kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly crawlFindings = new Counter({
    name: 'baomi_crawl_findings_total',
    help: 'Content a crawl inside the gateway flagged online, by portal and verdict: new items, and items taken down but still online.',
    labelNames: ['portal', 'verdict', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly auditFailures = new Counter({
    name: 'baomi_audit_write_failures_total',
    help: 'Audit entries that could not be written (the request was refused).',
    registers: [this.registry],
  });

  constructor(store: Store) {
    collectDefaultMetrics({ register: this.registry });
    // Read from the store at scrape time, so several gateway replicas agree.
    new Gauge({
      name: 'baomi_holds_pending',
      help: 'Held items awaiting a reviewer.',
      registers: [this.registry],
      async collect() {
        this.set((await store.holds.pendingStats()).count);
      },
    });
    new Gauge({
      name: 'baomi_holds_release_unknown',
      help: 'Held items whose release was cut short (the gateway stopped during the replay): an officer must check the CMS and decide.',
      registers: [this.registry],
      async collect() {
        this.set(await store.holds.count('release-unknown'));
      },
    });
    new Gauge({
      name: 'baomi_audit_head_seq',
      help: 'Sequence number of the last audit entry. It only grows: a decrease means entries were cut off (alerted on; give the last value to `baomi audit verify --expect-head`).',
      registers: [this.registry],
      async collect() {
        this.set((await store.audit.head())?.seq ?? 0);
      },
    });
    new Gauge({
      name: 'baomi_published_open',
      help: 'Content found already published (by any crawl, `baomi crawl` too) that nobody has decided on yet.',
      registers: [this.registry],
      async collect() {
        this.set(await store.published.count('open'));
      },
    });
    new Gauge({
      name: 'baomi_crawl_frontier',
      help: 'Tasks of the crawls under way (any crawl, `baomi crawl` too) by portal and state (queued, claimed, done): the crawl progress.',
      labelNames: ['portal', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const run of (await store.crawls.runs(50)).filter((r) => r.state === 'running')) {
          const t = await store.crawls.tally(run.id);
          for (const state of ['queued', 'claimed', 'done'] as const) this.inc({ portal: run.portal, state }, t[state]);
        }
      },
    });
    new Gauge({
      name: 'baomi_crawl_last_finished_timestamp_seconds',
      help: 'When the last crawl of each portal that ran to its end finished (any crawl, `baomi crawl` too).',
      labelNames: ['portal'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const latest = new Map<string, number>();
        for (const run of await store.crawls.runs(200)) if (run.state === 'finished' && run.finishedAt !== null && !latest.has(run.portal)) latest.set(run.portal, run.finishedAt);
        for (const [portal, at] of latest) this.set({ portal }, at / 1000);
      },
    });
    new Gauge({
      name: 'baomi_holds_oldest_age_seconds',
      help: 'Age of the oldest held item awaiting a reviewer (0 when none).',
      registers: [this.registry],
      async collect() {
        const { oldestCreatedAt } = await store.holds.pendingStats();
        this.set(oldestCreatedAt ? (Date.now() - oldestCreatedAt) / 1000 : 0);
      },
    });
  }
}
