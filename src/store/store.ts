/**
 * The store contract: holds (sealed requests awaiting review), approvals,
 * the audit chain, users, the registry and what it learned. SQLite is the
 * embedded default; PostgreSQL serves several replicas. Open one with
 * openStore (open.ts).
 */

export type HoldState = 'pending' | 'releasing' | 'released' | 'release-failed' | 'release-unknown' | 'approved' | 'rejected';
export const holdStates: readonly HoldState[] = ['pending', 'releasing', 'released', 'release-failed', 'release-unknown', 'approved', 'rejected'];

export interface FindingSummary {
  rule: string;
  category: string;
  severity: string;
  evidence: string;
  location: Record<string, unknown>;
  description?: { zh: string; en: string };
  /** Matched passages (offsets in the part's text), for the reviewer's highlighting. */
  spans?: Array<[number, number]>;
}

export interface PartSummary {
  part: string;
  file?: string;
  mediaType?: string;
  bytes: number;
  sha256: string;
}

export interface NewHold {
  id: string;
  createdAt: number;
  requestId: string;
  /** The portal the request was for (its CMS is where a release goes). */
  portal: string;
  route: string;
  method: string;
  path: string;
  /** The verified submitter (normalised), or null when nobody could be verified. */
  submitter: string | null;
  /** Every user the request named (verified or not): none of them may decide on it. */
  claims: string[];
  /** Binds approve-for-resubmission; empty when the request could not be read one way only. */
  contentHash: string;
  /** Keyed tag over the fields the review decides by (see AuditTrail.tag). */
  tag: string;
  findings: FindingSummary[];
  parts: PartSummary[];
  /** AES-256-GCM sealed raw request (see seal/). */
  sealed: Buffer;
}

/** Content a reviewer approved for resubmission, until `expiresAt`; `tag` is keyed over the rest. */
export interface Approval {
  contentHash: string;
  expiresAt: number;
  holdId: string;
  approvedBy: string;
  tag: string;
}

export interface HistoryEvent {
  at: number;
  actor: string;
  action: string;
  detail?: string;
}

export interface HoldRecord extends Omit<NewHold, 'sealed'> {
  state: HoldState;
  updatedAt: number;
  history: HistoryEvent[];
  reason: string | null;
  upstreamStatus: number | null;
}

export interface AuditEntry {
  seq: number;
  at: number;
  kind: string;
  record: string;
  prev: string;
  hash: string;
}

/** The chain's last entry, recorded apart from the entries, with a keyed tag so that cutting the tail and rewriting the head shows. */
export interface AuditHead {
  seq: number;
  hash: string;
  tag?: string;
}

export type AuditSeal = (prev: string, seq: number) => { hash: string; tag: string };

export type Role = 'reviewer' | 'officer' | 'auditor' | 'admin';
export const roles: readonly Role[] = ['reviewer', 'officer', 'auditor', 'admin'];

export interface User {
  name: string;
  role: Role;
  /** The portals this user may see and decide for; absent: every portal. */
  portals?: string[];
}

export type SecretLevel = '秘密' | '机密' | '绝密';
export const secretLevels: readonly SecretLevel[] = ['秘密', '机密', '绝密'];

/** A received classified document as the registry knows it: metadata and a count, never its text. */
export interface RegisteredDocument {
  id: number;
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  level: SecretLevel;
  /** 保密期限 as written on the document, e.g. 10年. */
  period: string | null;
  /** The date the unit received it (YYYY-MM-DD). */
  receivedOn: string | null;
  registeredBy: string;
  registeredAt: number;
  /** Canonical characters fingerprinted, and how many keyed k-gram hashes were kept (one per k-gram). */
  chars: number;
  fingerprints: number;
  /** Of those, the k-grams outside public phrasing, counted on the text at registration (what coverage is a share of); null for registrations before it was kept. */
  countable: number | null;
  /** sha256 of the file registered, to refuse the same file twice. */
  sha256: string;
}

/** An allowed document the registry learned from: a sketch of its own content (hashes of public text, never registered text). */
export interface Observed {
  id: number;
  sketch: number[];
}

/** A fingerprint learned to be boilerplate from the portal's allowed traffic. */
export interface LearnedFingerprint {
  hash: number;
  /** Promotion order: a document's share of learned discounts is filled in this order. */
  seq: number;
  /** Distinct allowed documents it was seen in. */
  docs: number;
}

export interface HoldFilter {
  state?: HoldState;
  portals?: string[];
  /** Oldest first (a review queue), instead of newest first. */
  oldestFirst?: boolean;
  limit: number;
  offset: number;
}

export interface HoldRepository {
  create(hold: NewHold): Promise<void>;
  get(id: string): Promise<HoldRecord | undefined>;
  sealed(id: string): Promise<Buffer | undefined>;
  /** Newest first (or oldest, when asked); `portals`: only those portals' items. */
  list(filter: HoldFilter): Promise<HoldRecord[]>;
  /**
   * Atomically moves a hold from one of `from` to `to` and records the event;
   * false when the hold is not in one of `from` (someone else got there first,
   * in this process or another replica).
   */
  transition(id: string, from: HoldState[], to: HoldState, event: HistoryEvent, patch?: { reason?: string; upstreamStatus?: number }): Promise<boolean>;
  pendingStats(): Promise<{ count: number; oldestCreatedAt: number | null }>;
  /** How many items are in `state` (release-unknown is alerted on). */
  count(state: HoldState): Promise<number>;
}

export interface ApprovalRepository {
  add(approval: Approval): Promise<void>;
  find(contentHash: string, now: number): Promise<Approval | undefined>;
}

export interface AuditRepository {
  /**
   * Appends to the chain; `seal` computes the entry's hash from the previous
   * one and the keyed tag of the new head. Appends from every process and
   * replica are serialised, so the chain stays one linear chain.
   */
  append(kind: string, at: number, record: string, seal: AuditSeal): Promise<AuditEntry>;
  entries(): AsyncIterable<AuditEntry>;
  /** Newest first: at most `limit` entries before `beforeSeq` (the audit viewer's pages). */
  recent(limit: number, beforeSeq?: number): Promise<AuditEntry[]>;
  head(): Promise<AuditHead | undefined>;
}

/** A user as the operators see them (never their token). */
export interface UserRecord extends User {
  disabled: boolean;
  createdAt: number;
}

export interface UserRepository {
  /** Adds a user (`portals` limits them to those portals' items); false when the name is taken. */
  create(name: string, role: Role, tokenHash: string, portals?: string[]): Promise<boolean>;
  /** Gives a user a new token (the old one stops working); false for an unknown name. */
  rotate(name: string, tokenHash: string): Promise<boolean>;
  /** Changes a user's role, portals or disabled flag; false for an unknown name. */
  update(name: string, change: { role?: Role; portals?: string[] | null; disabled?: boolean }): Promise<boolean>;
  list(): Promise<UserRecord[]>;
  /** The enabled user holding this token. */
  byTokenHash(tokenHash: string): Promise<User | undefined>;
  /** The enabled user of this name (a session's or a single sign-on's). */
  byName(name: string): Promise<User | undefined>;
  /** Sets (or with null, removes) a user's console password (an argon2 hash) and clears a lockout; false for an unknown name. */
  setPassword(name: string, passwordHash: string | null): Promise<boolean>;
  /** What a password sign-in checks, for an enabled user. */
  credentials(name: string): Promise<Credentials | undefined>;
  /**
   * Counts a sign-in attempt before its password is checked, unless the
   * account is locked: the attempt that reaches `maxFailures` locks it until
   * `now + lockMs` (a right password then unlocks it), so concurrent guesses
   * cannot all be checked. Returns the attempts in a row without a right
   * password, this one included, or undefined when locked (or no such user).
   */
  signInAttempt(name: string, now: number, maxFailures: number, lockMs: number): Promise<number | undefined>;
  /** A right password: the count of failures starts again, and a lock is lifted. */
  signInSucceeded(name: string): Promise<void>;
}

export interface Credentials {
  user: User;
  passwordHash: string | null;
  failures: number;
  /** Locked until this time (ms), or 0. */
  lockedUntil: number;
}

/** A signed-in console user. The id is kept hashed: a copy of the database signs nobody in. */
export interface Session {
  user: User;
  /** The session's anti-forgery token: every form carries it. */
  csrf: string;
  via: 'password' | 'sso';
  createdAt: number;
}

export interface SessionRepository {
  create(idHash: string, session: { user: string; csrf: string; via: Session['via']; at: number }): Promise<void>;
  /** The live session (begun after `createdAfter`, last used after `usedAfter`) of an enabled user, marked used at `now`. */
  use(idHash: string, now: number, createdAfter: number, usedAfter: number): Promise<Session | undefined>;
  end(idHash: string): Promise<void>;
  /** Ends every session of a user (password changed, disabled); returns how many. */
  endFor(user: string): Promise<number>;
  /** Forgets sessions last used before `usedBefore`. */
  purge(usedBefore: number): Promise<void>;
}

export interface RegistryRepository {
  /** Stores a registered document's metadata and the keyed hash of every k-gram (in text order); returns its id. */
  add(doc: Omit<RegisteredDocument, 'id'>, grams: Uint32Array): Promise<number>;
  remove(id: number): Promise<RegisteredDocument | undefined>;
  list(): Promise<RegisteredDocument[]>;
  /** Every registered document's k-gram hashes (or those of `ids`), in id order, for loading the index; documents registered before they were kept are left out. */
  grams(ids?: number[]): AsyncIterable<[number, Uint32Array]>;
  /** Counts every registry change (add, remove): a snapshot of the index is current when it was taken at this version. */
  version(): Promise<number>;
  /** The fingerprint parameters the registry was built with (fingerprints made otherwise never match), set once. */
  params(set?: string): Promise<string | undefined>;
}

/** What the registry learns from allowed traffic (see registry/learned.ts). */
export interface LearnedRepository {
  /** Allowed documents seen sharing any of these fingerprints with the registry (at most `limit`), for telling a re-send from a distinct document. */
  observationsSeeing(hashes: number[], limit: number): Promise<Observed[]>;
  /**
   * Records that an allowed document (a new one, or `sameAs`: the same one
   * again) shared these fingerprints with the registry, forgetting
   * observations made before `forgetBefore`; returns how many distinct
   * documents have shared each.
   */
  recordObservation(o: { sameAs?: number; sketch: number[]; hashes: number[] }, at: number, forgetBefore: number): Promise<Map<number, number>>;
  /** Promotes fingerprints to learned boilerplate while fewer than `max` are; returns those added, in promotion order. */
  add(entries: Array<{ hash: number; docs: number }>, at: number, max: number): Promise<LearnedFingerprint[]>;
  /** Learned boilerplate promoted after `seq`, in promotion order. */
  after(seq: number): Promise<LearnedFingerprint[]>;
}

/**
 * What a crawl does with a URL: fetch a page (scanned, its links followed),
 * an attachment (scanned), a sitemap or a WordPress REST listing (read for
 * more work); a WordPress item is scanned from its listing, never fetched.
 */
export type CrawlKind = 'page' | 'attachment' | 'sitemap' | 'wp-list' | 'wp-item';

export interface CrawlTask {
  url: string;
  kind: CrawlKind;
  /** Links followed from the start (sitemap and REST entries are 0). */
  depth: number;
  /** The page that linked to it. */
  referrer: string | null;
}

export type CrawlRunState = 'running' | 'finished' | 'stopped';

export interface CrawlRun {
  id: number;
  portal: string;
  /** What was crawled, e.g. `start http://portal/` (a resumed crawl is the same portal and source). */
  source: string;
  startedAt: number;
  finishedAt: number | null;
  state: CrawlRunState;
  /** Counts at the end (pages, attachments, findings, unscanned, unchanged…). */
  stats: Record<string, number>;
}

/**
 * How one task ended: scanned (with the verdict), unchanged since the last
 * crawl, read for more work, skipped (a redirect followed as its own task),
 * unscanned with a reason, or truncated (a limit of the run was reached).
 */
export interface CrawlOutcome {
  outcome: 'allow' | 'hold' | 'block' | 'unchanged' | 'unscanned' | 'skipped' | 'read' | 'truncated';
  detail?: string;
}

export interface CrawlTally {
  queued: number;
  claimed: number;
  done: number;
  /** Done tasks by outcome. */
  outcomes: Record<string, number>;
  /** Done tasks by kind (pages and attachments count towards the limits). */
  kinds: Record<string, number>;
}

/** What the last crawl saw at a URL: validators for conditional requests, the content's hash, and a page's same-site links (followed again when it is unchanged). */
export interface CrawledPage {
  etag: string | null;
  lastModified: string | null;
  sha256: string;
  verdict: string;
  links: CrawlTask[];
  checkedAt: number;
}

/**
 * Crawls of what is already published: each run's frontier lives in the
 * store (memory stays flat however large the site, and an interrupted run
 * resumes where it stopped), and what each URL looked like last time makes
 * the next crawl incremental.
 */
export interface CrawlRepository {
  begin(portal: string, source: string, at: number): Promise<CrawlRun>;
  /** The latest run of this portal and source that did not finish, to resume. */
  unfinished(portal: string, source: string): Promise<CrawlRun | undefined>;
  end(run: number, state: CrawlRunState, at: number, stats: Record<string, number>): Promise<void>;
  /** Newest first. */
  runs(limit: number): Promise<CrawlRun[]>;
  /** Adds tasks not yet in the run's frontier; returns how many were new. */
  enqueue(run: number, tasks: CrawlTask[]): Promise<number>;
  /** Takes up to `limit` queued tasks to fetch (fewest links from the start first, then in discovery order); WordPress items are not fetched, but taken by their listing. */
  claim(run: number, limit: number): Promise<CrawlTask[]>;
  /** Takes these tasks for the caller: added claimed, or claimed if queued; returns those it took (not those done or taken by someone else). */
  take(run: number, tasks: CrawlTask[]): Promise<CrawlTask[]>;
  /** Tasks claimed by a run that stopped before finishing them go back to the queue. */
  unclaim(run: number): Promise<number>;
  settle(run: number, url: string, outcome: CrawlOutcome): Promise<void>;
  tally(run: number): Promise<CrawlTally>;
  /** The run's settled tasks in discovery order, after the task numbered `after` (for reports: pages through any number). */
  settled(run: number, limit: number, after?: number): Promise<Array<CrawlTask & CrawlOutcome & { seq: number }>>;
  page(portal: string, url: string): Promise<CrawledPage | undefined>;
  savePage(portal: string, url: string, page: CrawledPage): Promise<void>;
}

/** What a security officer decides about content found already published. */
export type PublishedState = 'open' | 'taken-down' | 'confirmed-public' | 'false-alarm';
export const publishedStates: readonly PublishedState[] = ['open', 'taken-down', 'confirmed-public', 'false-alarm'];

/** Content a crawl found published and flagged. */
export interface PublishedFinding {
  portal: string;
  /** The URL scanned: the page, or the attachment. */
  url: string;
  /** The page it was found on (the page itself, or the page linking the attachment). */
  pageUrl: string;
  title: string | null;
  sha256: string;
  verdict: 'hold' | 'block';
  findings: FindingSummary[];
  run: number;
}

export interface PublishedRecord extends PublishedFinding {
  id: string;
  state: PublishedState;
  foundAt: number;
  lastSeenAt: number;
  updatedAt: number;
  history: HistoryEvent[];
}

export interface PublishedFilter {
  state?: PublishedState;
  portals?: string[];
  run?: number;
  limit: number;
  offset: number;
}

export interface PublishedRepository {
  /**
   * Records content a crawl flagged. The same content at the same URL is one
   * item: seen again, it is only marked seen (and an item marked taken down
   * is opened again: it is still online). New content gets a new item.
   */
  record(item: PublishedFinding, id: string, at: number): Promise<{ record: PublishedRecord; outcome: 'new' | 'seen' | 'reopened' }>;
  /** The same content at the same URL seen again (unchanged since the last crawl), as `record` treats it; undefined when there is no such item. */
  seenAgain(portal: string, url: string, sha256: string, run: number, at: number): Promise<{ record: PublishedRecord; outcome: 'seen' | 'reopened' } | undefined>;
  /**
   * The URL answers that its content is gone (404, 410): items there that are
   * open or taken down get the event once (a take-down verified, or content
   * removed before anyone decided); returns the items that got it.
   */
  gone(portal: string, url: string, event: HistoryEvent): Promise<PublishedRecord[]>;
  get(id: string): Promise<PublishedRecord | undefined>;
  /** Newest first. */
  list(filter: PublishedFilter): Promise<PublishedRecord[]>;
  /** Moves an item from one of `from` to `to` with the event (compare-and-set); false when it is not in one of `from`. */
  transition(id: string, from: PublishedState[], to: PublishedState, event: HistoryEvent): Promise<boolean>;
  count(state: PublishedState): Promise<number>;
}

/** Installation-wide settings kept in the store. */
export interface SettingsRepository {
  /** Stores `value` under `key` unless one is there already; returns the stored value (first writer wins, across replicas). */
  claim(key: string, value: string): Promise<string>;
}

/** The schema's version in the database and the one this code writes. */
export interface SchemaVersion {
  current: number;
  latest: number;
}

/**
 * The store: one repository per kind of data. SQLite (one file, the embedded
 * default) and PostgreSQL (several replicas) implement it and pass the same
 * contract tests (test/store/contract.ts).
 */
export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  readonly holds: HoldRepository;
  readonly approvals: ApprovalRepository;
  readonly audit: AuditRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly registry: RegistryRepository;
  readonly learned: LearnedRepository;
  readonly settings: SettingsRepository;
  readonly crawls: CrawlRepository;
  readonly published: PublishedRepository;
  /**
   * Calls `listener` soon after any process changes the registry or its
   * learned phrasing (PostgreSQL: LISTEN/NOTIFY; SQLite: a cheap poll of the
   * file's change counter); returns the unsubscribe function.
   */
  onRegistryChange(listener: () => void): () => void;
  schema(): Promise<SchemaVersion>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
