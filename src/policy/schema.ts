import { z } from 'zod';

/** Where a finding category leads when its evidence is strong. */
const verdict = z.enum(['allow', 'hold', 'block']);

export const routeSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  /** Glob on the normalised path: `*` one segment, `**` any depth. */
  path: z.string().startsWith('/'),
  methods: z.array(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])).optional(),
  /** inspect: scan and decide; monitor: scan, record, always forward; pass: stream untouched. */
  action: z.enum(['inspect', 'monitor', 'pass']).default('inspect'),
  /** How a refusal is shaped for the client that posted: auto, html, json, xmlrpc, or one the CMS adapter adds (see docs/cms-profiles.md). */
  responder: z.string().regex(/^[a-z][a-z0-9-]*$/).default('auto'),
});

export const keywordListSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  description: z.string().optional(),
  /** strong: decides on its own (scoring.strong.keyword); medium: adds `score` towards holdAt. */
  severity: z.enum(['strong', 'medium']).default('medium'),
  score: z.number().min(0).max(10).default(1),
  words: z.array(z.string().min(1)).min(1),
});

export const sourcePolicySchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Domains (gov.cn matches www.gov.cn) and names (新华网) a repost may come from. */
  authorised: z.array(z.string().min(2)).default([]),
  /** CMS fields that hold a repost's source (CMS plugins: source, post_source …). */
  fields: z.array(z.string()).default([]),
});

export const profileSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  /** Which CMS adapter reads requests the way this CMS does (docs/cms-parsing.md). */
  adapter: z.enum(['wordpress', 'generic']).default('generic'),
  /** The charset the CMS stores and serves pages in (for WordPress, its blog_charset). */
  charset: z.string().default('utf-8'),
  routes: z.array(routeSchema),
  /** Form or JSON fields that change on every submit and so must not affect the content hash. */
  volatileFields: z.array(z.string()).default([]),
  /** Headers naming the user, believed only from BAOMI_TRUSTED_PROXIES (an SSO front). */
  submitter: z.strictObject({ headers: z.array(z.string()).default([]) }).default({ headers: [] }),
});

export const policySchema = z.strictObject({
  version: z.literal(1),
  profile: z.string().regex(/^[a-z0-9-]+$/),
  /** Routes checked before the profile's own. */
  routes: z.array(routeSchema).default([]),
  /** What an unscannable inspected request becomes. Closed (hold) unless said otherwise. */
  failMode: z.enum(['closed', 'open']).default('closed'),
  limits: z.strictObject({
    bodyBytes: z.number().int().positive(),
    decodedBytes: z.number().int().positive(),
    scanTimeoutMs: z.number().int().positive(),
    multipartParts: z.number().int().positive(),
    fields: z.number().int().positive().default(10000),
    jsonDepth: z.number().int().positive(),
    extractDepth: z.number().int().positive(),
    pdfPages: z.number().int().positive(),
    imagePixels: z.number().int().positive(),
    imagePages: z.number().int().positive(),
    archiveEntries: z.number().int().positive(),
    archiveBytes: z.number().int().positive(),
    archiveRatio: z.number().positive(),
  }),
  detection: z.strictObject({
    headerLines: z.number().int().min(1).max(50),
    evidenceChars: z.number().int().min(4).max(80),
  }),
  scoring: z.strictObject({
    holdAt: z.number().positive(),
    blockAt: z.number().positive(),
    publicDiscount: z.number().min(0).max(1),
    strong: z.record(z.string(), verdict).default({}),
    /** Where strong evidence found outside a document's head leads, by category (default: as in `strong`). */
    outsideHeader: z.record(z.string(), verdict).default({}),
    /** Categories whose medium evidence, however much, holds at most: layout says who wrote a document, not that it is secret. */
    holdOnly: z.array(z.string()).default([]),
  }),
  approval: z.strictObject({ ttlMinutes: z.number().int().positive() }),
  keywords: z.array(keywordListSchema).default([]),
  sources: sourcePolicySchema.default({ enabled: true, authorised: [], fields: [] }),
  upstream: z.strictObject({ timeoutMs: z.number().int().positive() }),
  /**
   * Where inspections are scanned: `workers` threads (default: the cores, at
   * most 4; 0 scans on the gateway's own thread, where a computing scan cannot
   * be stopped), each with a heap of `memoryMb`; at most `maxQueue` requests
   * (`maxQueueMb` of bodies) wait for one, past that a request is held.
   */
  scan: z
    .strictObject({
      workers: z.number().int().min(0).max(64).optional(),
      maxQueue: z.number().int().min(1).default(256),
      maxQueueMb: z.number().int().min(1).default(512),
      memoryMb: z.number().int().min(128).default(2048),
    })
    .default({ maxQueue: 256, maxQueueMb: 512, memoryMb: 2048 }),
  /** Paths (globs on the normalised path) where a protocol upgrade (WebSocket) may pass; none by default: a tunnel carries requests nobody inspects. */
  upgrades: z.array(z.string().startsWith('/')).default([]),
  /** The registry of received classified documents: see policies/default.yaml for what each value means. */
  registry: z
    .strictObject({
      k: z.number().int().min(3).max(30).default(6),
      w: z.number().int().min(1).max(50).default(6),
      blockChars: z.number().int().min(1).default(50),
      blockCoverage: z.number().min(0).max(1).default(0.3),
      holdChars: z.number().int().min(1).default(25),
      /** Differing k-grams one passage goes on across, in either text. */
      maxGapChars: z.number().int().min(0).default(40),
      /** A passage more registered documents share is boilerplate. */
      maxDocFrequency: z.number().int().min(1).default(20),
      /** Distinct allowed documents that must have shared a fingerprint before it is learned as boilerplate. */
      learnAfterDocs: z.number().int().min(2).default(3),
      /** Fingerprints learned in all, at most. */
      learnMax: z.number().int().min(0).default(20000),
      /** Share of any one registered document's k-grams learning may discount: at most half, so learning never whitelists a document. */
      learnMaxShare: z.number().min(0).max(0.5).default(0.2),
      /** Two allowed documents whose own content is this alike (estimated Jaccard) are one document sent again. */
      learnSameDocument: z.number().gt(0).max(1).default(0.5),
      /** Observations older than this are forgotten. */
      learnWindowDays: z.number().int().min(1).default(365),
    })
    .default({ k: 6, w: 6, blockChars: 50, blockCoverage: 0.3, holdChars: 25, maxGapChars: 40, maxDocFrequency: 20, learnAfterDocs: 3, learnMax: 20000, learnMaxShare: 0.2, learnSameDocument: 0.5, learnWindowDays: 365 }),
  /**
   * How held items are decided: with `twoStep`, a release or an approval
   * takes a first review (初审) and a final one (终审) by another person,
   * the final one by a user whose role is in `finalRoles`. `rejectReasons`
   * are the reason templates the console offers.
   */
  review: z
    .strictObject({
      twoStep: z.boolean().default(false),
      finalRoles: z.array(z.enum(['reviewer', 'officer'])).min(1).default(['officer']),
      rejectReasons: z.array(z.string().min(1).max(200)).default([]),
    })
    .default({ twoStep: false, finalRoles: ['officer'], rejectReasons: [] }),
  /** The reviewer console's sign-in: sessions last `sessionHours` (and end after `idleMinutes` unused); `lockoutFailures` wrong passwords in a row lock an account for `lockoutMinutes`. */
  console: z
    .strictObject({
      sessionHours: z.number().positive().max(24 * 7).default(8),
      idleMinutes: z.number().int().min(1).default(30),
      lockoutFailures: z.number().int().min(1).default(5),
      lockoutMinutes: z.number().int().min(1).default(15),
      /** Sign-in attempts one client address may make a minute, whatever the account. */
      signInsPerMinute: z.number().int().min(1).default(10),
      /** A header naming the signed-in user, believed only from the trusted proxies (BAOMI_TRUSTED_PROXIES); empty: no single sign-on. */
      ssoHeader: z.string().regex(/^[A-Za-z0-9-]*$/).default(''),
    })
    .default({ sessionHours: 8, idleMinutes: 30, lockoutFailures: 5, lockoutMinutes: 15, signInsPerMinute: 10, ssoHeader: '' }),
  ocr: z
    .strictObject({
      enabled: z.boolean().default(true),
      engine: z.enum(['paddle', 'tesseract']).default('paddle'),
      workers: z.number().int().min(1).max(64).optional(),
      threads: z.number().int().min(1).max(64).optional(),
      maxQueue: z.number().int().min(1).default(64),
      timeoutMs: z.number().int().positive().default(60000),
    })
    .default({ enabled: true, engine: 'paddle', maxQueue: 64, timeoutMs: 60000 }),
});

export type RouteRule = z.infer<typeof routeSchema>;
export type KeywordList = z.infer<typeof keywordListSchema>;
export type SourcePolicy = z.infer<typeof sourcePolicySchema>;
export type Profile = z.infer<typeof profileSchema>;
export type PolicyFile = z.infer<typeof policySchema>;
export type Responder = string;
export type RouteAction = RouteRule['action'];

/** A policy with its profile merged in: what the gateway runs on. */
export interface Policy extends Omit<PolicyFile, 'routes'> {
  file: string;
  routes: RouteRule[];
  volatileFields: string[];
  submitter: Profile['submitter'];
  adapter: Profile['adapter'];
  charset: string;
}
