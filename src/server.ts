import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { pino, type Logger } from 'pino';
import { createAdminApp } from './admin.js';
import { AuditTrail } from './audit/chain.js';
import type { GatewayConfig } from './config.js';
import { createGateway } from './gateway/gateway.js';
import { Upstream } from './gateway/upstream.js';
import { Metrics } from './metrics.js';
import { loadPolicy } from './policy/load.js';
import { loadPortal } from './policy/portal.js';
import type { Policy } from './policy/schema.js';
import { HoldService } from './review/holds.js';
import { registryApi } from './registry/api.js';
import { Registry } from './registry/registry.js';
import { Scanner } from './scanner.js';
import { loadOrCreateKey } from './seal/keys.js';
import { Sealer } from './seal/seal.js';
import { SqliteStore } from './store/sqlite.js';
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

/** Builds every part of the gateway from its configuration and starts both listeners. */
export async function startGateway(config: GatewayConfig, options: { logger?: Logger; store?: Store; scanner?: Scanner; warmOcr?: boolean } = {}): Promise<RunningGateway> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'baomi-gateway' } });
  const policy = loadPolicy(config.policy);
  const store = options.store ?? new SqliteStore(config.dataDir);
  const sealer = new Sealer(loadOrCreateKey(config.dataDir, 'seal.key', config.sealKey));
  const audit = new AuditTrail(store, loadOrCreateKey(config.dataDir, 'audit.key', config.auditKey));
  const metrics = new Metrics(store);
  const upstream = new Upstream(config.upstream, policy.upstream.timeoutMs, metrics);
  const portal = config.portal ? loadPortal(config.portal) : undefined;
  const registry = await Registry.openIn(config.dataDir, store, audit, policy.registry, config.registryKey);
  // Documents registered with the CLI or by another instance reach this one within seconds.
  const registryRefresh = setInterval(() => registry.refresh().catch((err: Error) => logger.error({ err: err.message }, 'registry refresh failed')), 5000).unref();
  const scanner = options.scanner ?? new Scanner(policy, { portal, registry });
  const holds = new HoldService(store, sealer, upstream, audit, metrics, policy.approval.ttlMinutes * 60_000);

  const publicServer = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 300_000 }, createGateway({ policy, scanner, upstream, holds, audit, metrics, logger }));
  // WebSockets carry no publish requests here: they pass through untouched.
  const ws = createProxyMiddleware({ target: config.upstream, ws: true, xfwd: true, changeOrigin: false, logger: undefined });
  publicServer.on('upgrade', (req, socket, head) => ws.upgrade(req, socket as never, head));
  const adminServer = http.createServer(createAdminApp({ store, metrics, holds, upstream, ocr: scanner.ocr, registryApi: registryApi(registry, scanner, policy.limits.bodyBytes), adminToken: config.adminToken, logger }));
  // An OCR engine loads its models at start, so the first scan is not an editor's wait; /readyz reports it.
  if (options.warmOcr !== false) scanner.ocr?.warm().catch((err: Error) => logger.error({ err: err.message }, 'OCR engine failed to start'));

  const publicUrl = await listen(publicServer, config.port, config.host);
  const adminUrl = await listen(adminServer, config.adminPort, config.adminHost);
  logger.info({ publicUrl, adminUrl, upstream: config.upstream, policy: policy.file, profile: policy.profile }, 'gateway listening');

  return {
    publicUrl,
    adminUrl,
    policy,
    store,
    metrics,
    scanner,
    logger,
    async close() {
      const closed = Promise.all([new Promise((r) => publicServer.close(r)), new Promise((r) => adminServer.close(r))]);
      publicServer.closeAllConnections();
      adminServer.closeAllConnections();
      await closed;
      await upstream.close();
      clearInterval(registryRefresh);
      await scanner.close();
      await registry.close().catch((err: Error) => logger.error({ err: err.message }, 'registry snapshot not written'));
      await store.close();
    },
  };
}
