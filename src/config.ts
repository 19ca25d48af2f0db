import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Operator settings (README, "For operations"): a config file, overridden by the environment. */
export const configSchema = z.strictObject({
  upstream: z.url({ protocol: /^https?$/ }).optional().describe('The CMS base URL (one portal); with a portals file each portal names its own instead.'),
  portals: z.string().optional().describe('Several portals behind one gateway, chosen by Host: a portals file or a directory of them.'),
  host: z.string().default('0.0.0.0').describe('Address of the public listener, what editors reach.'),
  port: z.coerce.number().int().min(0).max(65535).default(8080).describe('Port of the public listener.'),
  adminHost: z.string().default('127.0.0.1').describe('Address of the admin listener (metrics, health, review API): never the internet.'),
  adminPort: z.coerce.number().int().min(0).max(65535).default(9090).describe('Port of the admin listener.'),
  dataDir: z.string().default('./data').describe('The embedded store, its key files and the registry index snapshot.'),
  storeUrl: z.string().optional().describe('The store: a SQLite file path or sqlite: URL (default baomi.db in dataDir), or postgres://… for several replicas.'),
  migrate: z.union([z.boolean(), z.stringbool()]).default(false).describe('Apply pending store migrations at start; otherwise a store behind this version is refused (`baomi migrate`).'),
  policy: z.string().default('policies/default.yaml').describe('The policy file (its CMS profile beside it).'),
  adminToken: z.string().min(16, 'use at least 16 characters').optional().describe('Bootstrap bearer token of the admin user (16+ characters).'),
  portal: z.string().optional().describe('The portal identity file: its own organ and its superiors (one portal).'),
  sealKey: z.string().optional().describe('Key sealing held requests (32 bytes, hex or base64).'),
  auditKey: z.string().optional().describe('Key of the audit chain and of the tags on holds and approvals.'),
  registryKey: z.string().optional().describe('Key of the registry fingerprints: every instance sharing a registry needs the same one.'),
  sealKeyFile: z.string().optional().describe('The seal key from a mounted secret file.'),
  auditKeyFile: z.string().optional().describe('The audit key from a mounted secret file.'),
  registryKeyFile: z.string().optional().describe('The registry key from a mounted secret file.'),
  trustedProxies: z.string().default('').describe('Addresses (CIDR list) allowed to name the user in X-Remote-User; empty: nobody.'),
  metricsToken: z.string().min(16, 'use at least 16 characters').optional().describe('Bearer token Prometheus must send for /metrics; unset: /metrics is open on the admin listener.'),
  webhooks: z.string().default('').describe('Where reviewers are told of new held items and decisions: FORMAT=URL entries (json, wecom for 企业微信 robots, dingtalk for 钉钉 robots), space- or comma-separated.'),
  crawlEvery: z.string().regex(/^\d+(?:\.\d+)?\s*[mhd]$/i, 'an interval like 30m, 6h or 1d').optional().describe('Crawl what each portal has already published once per interval (30m, 6h, 1d), from inside the gateway; unset: only `baomi crawl` crawls.'),
  crawlSource: z.string().optional().describe('What a scheduled crawl reads on each portal\'s CMS: wordpress (its REST API), sitemap PATH or start PATH; default wordpress on a WordPress portal, else start /.'),
  crawlSites: z.string().default('').describe('More addresses of the portals\' sites a scheduled crawl reads (their public addresses, where the CMS names its media), space- or comma-separated; the hosts of a portals file are added by themselves.'),
  crawlAuth: z.string().optional().describe('user:application-password a scheduled WordPress crawl reads drafts and private posts with.'),
  crawlRate: z.coerce.number().positive().default(2).describe('Requests a scheduled crawl starts per second at most.'),
  crawlConcurrency: z.coerce.number().int().positive().default(1).describe('Pages a scheduled crawl fetches and scans at once (it shares the scan workers with editors).'),
  crawlMaxPages: z.coerce.number().int().positive().default(10000).describe('Pages a scheduled crawl reads at most per portal.'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino JSON log level; no content is ever logged.'),
});

export type GatewayConfig = z.infer<typeof configSchema>;

/** The environment variable of each setting (the environment overrides a config file). */
export const envNames: Record<keyof GatewayConfig, string> = {
  upstream: 'BAOMI_UPSTREAM',
  portals: 'BAOMI_PORTALS',
  host: 'BAOMI_HOST',
  port: 'BAOMI_PORT',
  adminHost: 'BAOMI_ADMIN_HOST',
  adminPort: 'BAOMI_ADMIN_PORT',
  dataDir: 'BAOMI_DATA_DIR',
  storeUrl: 'BAOMI_STORE_URL',
  migrate: 'BAOMI_MIGRATE',
  policy: 'BAOMI_POLICY',
  adminToken: 'BAOMI_ADMIN_TOKEN',
  portal: 'BAOMI_PORTAL',
  sealKey: 'BAOMI_SEAL_KEY',
  auditKey: 'BAOMI_AUDIT_KEY',
  registryKey: 'BAOMI_REGISTRY_KEY',
  sealKeyFile: 'BAOMI_SEAL_KEY_FILE',
  auditKeyFile: 'BAOMI_AUDIT_KEY_FILE',
  registryKeyFile: 'BAOMI_REGISTRY_KEY_FILE',
  trustedProxies: 'BAOMI_TRUSTED_PROXIES',
  metricsToken: 'BAOMI_METRICS_TOKEN',
  webhooks: 'BAOMI_WEBHOOKS',
  crawlEvery: 'BAOMI_CRAWL_EVERY',
  crawlSource: 'BAOMI_CRAWL_SOURCE',
  crawlSites: 'BAOMI_CRAWL_SITES',
  crawlAuth: 'BAOMI_CRAWL_AUTH',
  crawlRate: 'BAOMI_CRAWL_RATE',
  crawlConcurrency: 'BAOMI_CRAWL_CONCURRENCY',
  crawlMaxPages: 'BAOMI_CRAWL_MAX_PAGES',
  logLevel: 'BAOMI_LOG_LEVEL',
};

export class ConfigError extends Error {
  readonly code = 'BAOMI_ERR_CONFIG';
}

/** What every entry point needs to open the store and its keys: the gateway, its scan workers and every CLI command. */
export const storageSchema = configSchema.pick({ dataDir: true, storeUrl: true, migrate: true, sealKey: true, auditKey: true, registryKey: true, sealKeyFile: true, auditKeyFile: true, registryKeyFile: true });
export type StorageConfig = z.infer<typeof storageSchema>;

interface Sources {
  file?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: Partial<Record<keyof GatewayConfig, unknown>>;
}

export function loadConfig(options: Sources = {}): GatewayConfig {
  const config = parseConfig(configSchema, options);
  if (!config.upstream === !config.portals) {
    throw new ConfigError(`invalid configuration\n  ${config.upstream ? 'upstream (BAOMI_UPSTREAM) and portals (BAOMI_PORTALS): give one, not both (each portal names its upstream)' : 'upstream (BAOMI_UPSTREAM): the CMS base URL is required (or portals, BAOMI_PORTALS)'}`);
  }
  return config;
}

/** The storage settings alone (a CLI command needs no upstream): from the environment, overridden by options. */
export function loadStorageConfig(options: Sources = {}): StorageConfig {
  return parseConfig(storageSchema, options);
}

function parseConfig<T extends z.ZodObject>(schema: T, options: Sources): z.infer<T> {
  const env = options.env ?? process.env;
  let fromFile: Record<string, unknown> = {};
  if (options.file) {
    try {
      fromFile = (parseYaml(readFileSync(options.file, 'utf8')) as Record<string, unknown>) ?? {};
    } catch (err) {
      throw new ConfigError(`${options.file}: ${(err as Error).message}`);
    }
  }
  const merged: Record<string, unknown> = { ...fromFile, ...options.overrides };
  for (const [key, name] of Object.entries(envNames)) if (key in schema.shape && env[name] !== undefined && env[name] !== '' && !(key in (options.overrides ?? {}))) merged[key] = env[name];
  const result = schema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const key = String(i.path[0] ?? '');
      const name = envNames[key as keyof GatewayConfig];
      return `  ${key}${name ? ` (${name})` : ''}: ${i.message}`;
    });
    throw new ConfigError(`invalid configuration${options.file ? ` in ${options.file} or the environment` : ''}\n${lines.join('\n')}`);
  }
  return result.data;
}
