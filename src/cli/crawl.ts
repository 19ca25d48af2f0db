import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { AuditTrail } from '../audit/chain.js';
import { CrawlProgress } from '../crawl/progress.js';
import { buildReport, writeReport } from '../crawl/report.js';
import { crawlDefaults, runCrawl, type CrawlJob } from '../crawl/run.js';
import { loadPolicy } from '../policy/load.js';
import { loadPortal } from '../policy/portal.js';
import { defaultPortalId } from '../portals/hosted.js';
import { Registry } from '../registry/registry.js';
import { PublishedService } from '../review/published.js';
import { Scanner } from '../scanner.js';
import { startScanService } from '../scan/start.js';
import { crawlUserAgent } from '../crawl/fetcher.js';
import { commandStorage, storageOptions } from './storage.js';
import { UsageError } from './usage.js';

function count(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number of at least ${min}`);
  return n;
}

/** `baomi crawl`: scans what the portal has already published; exit status like `baomi scan`, from the items still open. */
export async function crawl(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      wordpress: { type: 'string' },
      sitemap: { type: 'string' },
      start: { type: 'string' },
      site: { type: 'string', multiple: true },
      include: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      'max-depth': { type: 'string' },
      'max-pages': { type: 'string' },
      'max-fetches': { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      timeout: { type: 'string' },
      'max-bytes': { type: 'string' },
      'auth-env': { type: 'string' },
      full: { type: 'boolean' },
      restart: { type: 'boolean' },
      report: { type: 'string', multiple: true },
      policy: { type: 'string' },
      portal: { type: 'string' },
      quiet: { type: 'boolean' },
      ...storageOptions,
    },
  });
  const sources = [values.wordpress, values.sitemap, values.start].filter((s) => s !== undefined);
  if (sources.length !== 1) throw new UsageError('crawl needs exactly one of --wordpress URL, --sitemap URL or --start URL');
  const authVar = values['auth-env'] ?? 'BAOMI_CRAWL_AUTH';
  const auth = process.env[authVar] || undefined;
  if (values['auth-env'] && !auth) throw new UsageError(`--auth-env ${authVar}: that variable is empty (it holds user:application-password)`);
  if (auth && !auth.includes(':')) throw new UsageError(`${authVar} must hold user:application-password`);
  const policy = loadPolicy(values.policy ?? process.env.BAOMI_POLICY ?? 'policies/default.yaml');
  const portalFile = values.portal ?? process.env.BAOMI_PORTAL;
  const job: CrawlJob = {
    wordpress: values.wordpress,
    sitemap: values.sitemap,
    start: values.start,
    sites: values.site ?? [],
    include: values.include ?? [],
    exclude: values.exclude ?? [],
    maxDepth: count(values['max-depth'], 'max-depth', crawlDefaults.maxDepth, 0),
    maxPages: count(values['max-pages'], 'max-pages', crawlDefaults.maxPages),
    maxFetches: count(values['max-fetches'], 'max-fetches', crawlDefaults.maxFetches),
    concurrency: count(values.concurrency, 'concurrency', crawlDefaults.concurrency),
    rate: count(values.rate, 'rate', crawlDefaults.rate, 0),
    timeoutMs: count(values.timeout, 'timeout', crawlDefaults.timeoutMs / 1000) * 1000,
    maxBytes: count(values['max-bytes'], 'max-bytes', policy.limits.bodyBytes),
    auth,
    incremental: !values.full,
    restart: values.restart ?? false,
  };
  for (const url of sources) if (!URL.canParse(url!)) throw new UsageError(`not a URL: ${url}`);
  for (const site of job.sites) if (!URL.canParse(/^https?:\/\//i.test(site) ? site : `http://${site}`)) throw new UsageError(`--site ${site}: not an address (https://www.example.gov.cn)`);

  const logger = pino({ level: process.env.BAOMI_LOG_LEVEL ?? 'warn', base: { service: 'baomi-crawl' } }, pino.destination(2));
  const storage = await commandStorage(values);
  const { store } = storage;
  const audit = new AuditTrail(store.audit, await storage.checkedKey('audit'));
  await storage.checkedKey('seal');
  await storage.checkedKey('registry');
  const registry = await Registry.openIn(storage, audit, policy.registry);
  const identity = portalFile ? loadPortal(portalFile) : undefined;
  const scanner = new Scanner(policy, { portal: identity, registry });
  const scans = await startScanService({ policy, portals: [{ id: defaultPortalId, policy, identity }], storage, registry, scanner, logger });
  const published = new PublishedService(store, audit);
  const tty = process.stderr.isTTY === true && !values.quiet;
  let runId: number | undefined;
  const progress = new CrawlProgress(process.stderr, tty, () => (runId === undefined ? Promise.reject(new Error('not started')) : store.crawls.tally(runId)));
  // Ctrl-C stops taking new work, lets the pages in hand finish and ends the run as stopped: the next crawl resumes it.
  const stopping = new AbortController();
  const stop = () => {
    if (stopping.signal.aborted) process.exit(130);
    process.stderr.write('\ncrawl: stopping after the pages in hand (again to quit now); the next crawl resumes\n');
    stopping.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const events = { found: (o: 'new' | 'seen' | 'reopened') => progress.found(o), started: (id: number) => ((runId = id), values.quiet ? undefined : progress.start()) };
    const summary = await runCrawl({ store, scans, published, audit, logger, userAgent: crawlUserAgent, events }, defaultPortalId, job, stopping.signal);
    if (!values.quiet) await progress.stop();
    const report = await buildReport(store, summary.run, summary.resumed);
    for (const file of values.report ?? []) await writeReport(file, report);
    const open = report.findings.filter((f) => f.state === 'open');
    const line = `crawl #${summary.run.id} ${summary.run.state}${summary.resumed ? ' (resumed)' : ''}: ${Object.entries(summary.stats).map(([k, v]) => `${k} ${v}`).join(', ')}; ${open.length} open findings`;
    process.stdout.write(`${line}\n`);
    for (const f of open) process.stdout.write(`  ${f.verdict.toUpperCase().padEnd(5)} ${f.url}${f.pageUrl !== f.url ? `  (on ${f.pageUrl})` : ''}  ${[...new Set(f.findings.map((x) => x.rule))].join(', ')}\n`);
    if (report.truncated.length) process.stdout.write(`  not crawled: ${report.truncated.length} left unread at a limit (${report.truncated[0]!.reason}); the site was not covered\n`);
    if (open.some((f) => f.verdict === 'block')) return 4;
    if (open.length) return 3;
    // Nothing open, but not everything read: not a clean bill.
    return summary.run.state === 'stopped' || report.truncated.length ? 1 : 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await scans.close();
    await scanner.close();
    await registry.close().catch(() => {});
    await store.close();
  }
}
