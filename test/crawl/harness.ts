import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { AuditTrail } from '../../src/audit/chain.js';
import { loadStorageConfig } from '../../src/config.js';
import type { CrawlEvents, CrawlSummary } from '../../src/crawl/crawler.js';
import { runCrawl, type CrawlJob } from '../../src/crawl/run.js';
import { loadPolicy } from '../../src/policy/load.js';
import { loadPortal } from '../../src/policy/portal.js';
import { registerFile } from '../../src/registry/register-file.js';
import { Registry } from '../../src/registry/registry.js';
import { PublishedService } from '../../src/review/published.js';
import { Scanner } from '../../src/scanner.js';
import type { PublishedFile } from '../../src/scan/file-scan.js';
import type { ScanService } from '../../src/scan/service.js';
import { startScanService } from '../../src/scan/start.js';
import { openStorage, type Storage } from '../../src/storage.js';
import { registrationFiles } from '../eval/corpus.js';

/** A crawl job with the test site's settings: no rate limit, short timeouts. */
export function job(over: Partial<CrawlJob>): CrawlJob {
  return { sites: [], include: [], exclude: [], maxDepth: Number.POSITIVE_INFINITY, maxPages: 10_000, maxFetches: 100_000, concurrency: 4, rate: 0, timeoutMs: 1500, maxBytes: 8 << 20, incremental: true, restart: false, ...over };
}

export interface CrawlBench {
  storage: Storage;
  published: PublishedService;
  /** The URLs each crawl scanned (fetched and read), in order. */
  scanned: string[];
  crawl(j: CrawlJob, options?: { signal?: AbortSignal; events?: CrawlEvents }): Promise<CrawlSummary>;
  close(): Promise<void>;
}

/**
 * An installation to crawl from: a fresh store with the evaluation portal's
 * identity and its registered documents, scanning through the same scan
 * service the gateway uses (in-process, or in its worker threads when
 * asked), counting what it scans.
 */
export async function crawlBench(options: { registry?: boolean; ocr?: boolean; workers?: boolean } = {}): Promise<CrawlBench> {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-crawl-'));
  const storage = await openStorage(loadStorageConfig({ overrides: { dataDir: dir } }), { migrate: true });
  const policy = loadPolicy('policies/default.yaml');
  const audit = new AuditTrail(storage.store.audit, await storage.checkedKey('audit'));
  const registry = await Registry.openIn(storage, audit, policy.registry);
  const identity = loadPortal('test/eval/portal.yaml');
  const scanner = new Scanner(policy, { portal: identity, registry, ...(options.ocr ? {} : { ocr: false as const }) });
  if (options.registry !== false) for (const f of await registrationFiles()) await registerFile(registry, scanner, f.file, f.bytes, f.meta, 'officer');
  const logger = pino({ level: 'silent' });
  const inner = await startScanService({ policy, portals: [{ id: 'default', policy, identity }], storage, registry, scanner, logger, inProcess: !options.workers });
  const scanned: string[] = [];
  const scans: ScanService = Object.assign(Object.create(inner) as ScanService, {
    scanFiles: (portal: string, files: PublishedFile[], page?: { url: string }) => {
      scanned.push(files[0]!.file);
      return inner.scanFiles(portal, files, page);
    },
  });
  const published = new PublishedService(storage.store, audit);
  return {
    storage,
    published,
    scanned,
    crawl: (j, o = {}) => runCrawl({ store: storage.store, scans, published, audit, logger, userAgent: 'baomi-test', events: o.events }, 'default', j, o.signal),
    async close() {
      await inner.close();
      await scanner.close();
      await registry.close();
      await storage.store.close();
    },
  };
}
