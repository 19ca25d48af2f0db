import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { pino, type Logger } from 'pino';
import { createAdminApp } from './admin.js';
import { consoleApp } from './console/app.js';
import { HoldViewer } from './console/hold-view.js';
import { AuditTrail } from './audit/chain.js';
import type { GatewayConfig } from './config.js';
import type { CmsAdapter } from './cms/adapter.js';
import { createAdapter } from './cms/adapters.js';
import { TrustedProxies } from './cms/identity.js';
import { createGateway } from './gateway/gateway.js';
import { Router } from './gateway/route.js';
import { Upstream } from './gateway/upstream.js';
import { crawlUserAgent } from './crawl/fetcher.js';
import { CrawlScheduler, parseEvery } from './crawl/schedule.js';
import { Metrics } from './metrics.js';
import { parseWebhooks, WebhookNotifier } from './notify/webhooks.js';
import { loadPolicy } from './policy/load.js';
import { defaultTimeZone, loadPortal } from './policy/portal.js';
import { HostedPortals } from './portals/hosted.js';
import { toOriginForm } from './portals/request-target.js';
import { badTarget, unknownHost } from './portals/host-refusals.js';
import type { Policy } from './policy/schema.js';
import { HoldService } from './review/holds.js';
import { PublishedService } from './review/published.js';
import { registryApi } from './registry/api.js';
import type { Observation } from './registry/observation.js';
import { Registry } from './registry/registry.js';
import { Scanner } from './scanner.js';
import { startScanService } from './scan/start.js';
import { Sealer } from './seal/seal.js';
import { openStorage, type Storage } from './storage.js';
import type { Store } from './store/store.js';

export interface RunningGateway {
  publicUrl: string;
  adminUrl: string;
  policy: Policy;
  store: Store;
  metrics: Metrics;
  scanner: Scanner;
  logger: Logger;
  close(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address() as AddressInfo;
      resolve(`http://${a.family === 'IPv6' ? `[${a.address}]` : a.address === '0.0.0.0' ? '127.0.0.1' : a.address}:${a.port}`);
    });
  });
}

/**
 * Protocol upgrades (WebSocket, h2c): once the CMS answers 101 the
 * connection is a tunnel, and any request sent through it later is never
 * inspected. Refused, except on the paths the policy lists (`upgrades:`),
 * matched exactly as pass routes are; every attempt is audited.
 */
function upgrades(policy: Policy, adapter: CmsAdapter, upstream: string, audit: AuditTrail, logger: Logger) {
  const allowed = new Router(policy.upgrades.map((path, i) => ({ name: `upgrade-${i}`, path, action: 'pass' as const, responder: 'auto' })));
  const ws = policy.upgrades.length ? createProxyMiddleware({ target: upstream, ws: true, xfwd: true, changeOrigin: false, logger: undefined }) : undefined;
  return (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = adapter.target({ method: req.method!, url: req.url!, headers: req.headers, rawHeaders: req.rawHeaders, remoteAddress: req.socket.remoteAddress, hasBody: false });
    const pass = ws !== undefined && allowed.match(target, req.method!).action === 'pass';
    const record = { method: req.method, path: target.path, upgrade: String(req.headers.upgrade ?? '').slice(0, 40), client: req.socket.remoteAddress, outcome: pass ? 'tunnelled' : 'refused' };
    audit.append('upgrade', record).catch((err: Error) => logger.error({ err: err.message }, 'audit write failed'));
    if (pass) {
      ws!.upgrade(req, socket as never, head);
      return;
    }
    logger.warn(record, 'protocol upgrade refused');
    const body = '协议升级不被允许 / Protocol upgrades are not allowed here\n';
    socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  };
}

/** Builds every part of the gateway from its configuration and starts both listeners. */
export async function startGateway(config: GatewayConfig, options: { logger?: Logger; scanner?: Scanner; warmOcr?: boolean } = {}): Promise<RunningGateway> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'baomi-gateway' } });
  const policy = loadPolicy(config.policy);
  const storage = await openStorage(config);
  const { store } = storage;
  try {
    return await start(config, storage, policy, logger, options);
  } catch (err) {
    if (!(err instanceof ListenError)) await store.close();
    throw err;
  }
}

async function start(config: GatewayConfig, storage: Storage, policy: Policy, logger: Logger, options: { scanner?: Scanner; warmOcr?: boolean }): Promise<RunningGateway> {
  const { store } = storage;
  // Every key first: on PostgreSQL a replica without the shared keys must not start at all.
  const sealer = new Sealer(await storage.checkedKey('seal'));
  const audit = new AuditTrail(store.audit, await storage.checkedKey('audit'));
  await storage.checkedKey('registry');
  const metrics = new Metrics(store);
  const portals = config.portals ? HostedPortals.load(config.portals, policy) : HostedPortals.single(config.upstream!, config.portal ? loadPortal(config.portal) : undefined, policy);
  const upstreams = new Map(portals.all.map((p) => [p.id, new Upstream(p.upstream, p.policy.upstream.timeoutMs, metrics)]));
  const registry = await Registry.openIn(storage, audit, policy.registry);
  // The gateway's own scanner: registrations read files with it, and its OCR engine serves every scan.
  const scanner = options.scanner ?? new Scanner(policy, { portal: portals.all.length === 1 ? portals.all[0]!.identity : undefined, registry });
  const rules = portals.all.map((p) => ({ id: p.id, policy: p.policy, identity: p.identity }));
  const scans = await startScanService({
    policy,
    portals: rules,
    storage,
    registry,
    scanner,
    logger,
    // An injected scanner (tests) scans in-process; with several portals each still gets its own rules.
    inProcess: options.scanner !== undefined,
    injected: options.scanner && !config.portals ? options.scanner : undefined,
    onRestart: (reason) => metrics.scanWorkerRestarts.inc({ reason }),
  });
  // A replay still running is one younger than the slowest portal's CMS timeout (and a margin for clocks across replicas).
  const releaseStaleMs = Math.max(...portals.all.map((p) => p.policy.upstream.timeoutMs)) + 15_000;
  const notifier = new WebhookNotifier(parseWebhooks(config.webhooks), logger, (result) => metrics.notifications.inc({ result }));
  const holds = new HoldService(store, sealer, (portal: string) => upstreams.get(portal), audit, metrics, policy.approval.ttlMinutes * 60_000, releaseStaleMs, (e) => notifier.notify(e), policy.review);
  const published = new PublishedService(store, audit);
  const reconcile = () =>
    holds.reconcile().then(
      (unknown) => unknown.length && logger.error({ holds: unknown }, 'releases cut short (a gateway stopped during the replay) are release-unknown: a security officer must check the CMS and decide'),
      (err: Error) => logger.error({ err: err.message }, 'release reconciliation failed'),
    );
  // Documents registered or boilerplate learned by the CLI or another replica reach this one and its scan workers
  // within a second; the slow poll only covers a notification lost while the listening connection was down.
  const refreshRegistry = () =>
    registry.refresh().then(
      () => scans.registryChanged(),
      (err: Error) => logger.error({ err: err.message }, 'registry refresh failed'),
    );
  const unwatch = store.onRegistryChange(refreshRegistry);
  const registryRefresh = setInterval(refreshRegistry, 30_000).unref();
  await reconcile();
  const reconciling = setInterval(reconcile, Math.min(60_000, releaseStaleMs)).unref();

  // Allowed content teaches the registry the portal's stock phrasing: after the response, never failing it; what it learns reaches the scan workers at once.
  const observe = (o: Observation) =>
    setImmediate(() =>
      registry
        .observe(o)
        .then((learned) => (learned.length ? scans.registryChanged() : undefined))
        .catch((err: Error) => logger.error({ err: err.message }, 'registry learning failed')),
    );
  const crawls = config.crawlEvery
    ? new CrawlScheduler(
        portals.all,
        { everyMs: parseEvery(config.crawlEvery), source: config.crawlSource, auth: config.crawlAuth, rate: config.crawlRate, concurrency: config.crawlConcurrency, maxPages: config.crawlMaxPages, maxBytes: policy.limits.bodyBytes, sites: config.crawlSites.split(/[\s,]+/).filter(Boolean) },
        {
          store,
          scans,
          published,
          audit,
          logger,
          userAgent: crawlUserAgent,
          events: (portal) => ({
            settled: (task, o) => metrics.crawlTasks.inc({ portal, kind: task.kind, outcome: o.outcome }),
            found: (outcome, verdict) => outcome !== 'seen' && metrics.crawlFindings.inc({ portal, verdict, outcome }),
          }),
        },
      )
    : undefined;
  const trustedProxies = TrustedProxies.parse(config.trustedProxies);
  const front = new Map(
    portals.all.map((p) => {
      const upstream = upstreams.get(p.id)!;
      const adapter = createAdapter(p.policy, { trustedProxies, fetch: (path, headers) => upstream.fetch(path, headers) });
      return [p.id, { request: createGateway({ portal: p.id, timeZone: p.identity?.timeZone ?? defaultTimeZone, policy: p.policy, adapter, scans, upstream, holds, audit, metrics, logger, observe }), upgrade: upgrades(p.policy, adapter, p.upstream, audit, logger) }];
    }),
  );
  const publicServer = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 300_000 }, (req, res) => {
    if (!toOriginForm(req)) return void badTarget(req, res, metrics);
    const portal = portals.resolve(req.headers.host);
    if (portal) front.get(portal.id)!.request(req, res);
    else unknownHost(req, res, audit, metrics, logger);
  });
  publicServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!toOriginForm(req)) return void badTarget(req, socket, metrics);
    const portal = portals.resolve(req.headers.host);
    if (portal) front.get(portal.id)!.upgrade(req, socket, head);
    else unknownHost(req, socket, audit, metrics, logger);
  });
  const timeZones = new Map(portals.all.map((p) => [p.id, p.identity?.timeZone ?? defaultTimeZone]));
  const registryChanged = () => scans.registryChanged();
  const reviewConsole = consoleApp({
    store,
    holds,
    published,
    viewer: new HoldViewer(holds, scans),
    audit,
    auditKey: storage.key('audit'),
    policy,
    trustedProxies,
    // Pages about no one portal (registry, audit, users) show the first portal's zone.
    timeZoneOf: (portal) => timeZones.get(portal) ?? timeZones.values().next().value ?? defaultTimeZone,
    registry: { registry, scanner, changed: registryChanged },
    metrics,
    logger,
  });
  const adminServer = http.createServer(
    createAdminApp({ store, metrics, holds, published, upstreams: [...upstreams].map(([portal, upstream]) => ({ portal, upstream })), ocr: scanner.ocr, scans, registryApi: registryApi(registry, scanner, policy.limits.bodyBytes, registryChanged), console: reviewConsole, adminToken: config.adminToken, metricsToken: config.metricsToken, logger }),
  );
  // An OCR engine loads its models at start, so the first scan is not an editor's wait; /readyz reports it.
  if (options.warmOcr !== false) scanner.ocr?.warm().catch((err: Error) => logger.error({ err: err.message }, 'OCR engine failed to start'));

  const close = async () => {
    const closed = Promise.all([new Promise((r) => publicServer.close(r)), new Promise((r) => adminServer.close(r))]);
    publicServer.closeAllConnections();
    adminServer.closeAllConnections();
    await closed;
    for (const u of upstreams.values()) await u.close();
    notifier.close();
    await crawls?.close();
    unwatch();
    clearInterval(registryRefresh);
    clearInterval(reconciling);
    await scans.close();
    await scanner.close();
    await registry.close().catch((err: Error) => logger.error({ err: err.message }, 'registry snapshot not written'));
    await store.close();
  };
  let publicUrl: string;
  let adminUrl: string;
  try {
    publicUrl = await listen(publicServer, config.port, config.host);
    adminUrl = await listen(adminServer, config.adminPort, config.adminHost);
  } catch (err) {
    // A port in use: nothing may keep running half started (a worker pool, a listener that did bind).
    await close();
    throw new ListenError((err as Error).message);
  }
  crawls?.start();
  logger.info({ publicUrl, adminUrl, portals: portals.all.map((p) => ({ id: p.id, hosts: p.hosts, upstream: p.upstream })), policy: policy.file, profile: policy.profile }, 'gateway listening');

  return {
    publicUrl,
    adminUrl,
    policy,
    store,
    metrics,
    scanner,
    logger,
    close,
  };
}

/** The listeners could not start; everything the gateway had started is closed already. */
class ListenError extends Error {}
