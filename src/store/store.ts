/**
 * The store contract: holds (sealed requests awaiting review), approvals,
 * the audit chain and users. SQLite is the embedded default; a PostgreSQL
 * store implements the same interface for scale-out.
 */

export type HoldState = 'pending' | 'releasing' | 'released' | 'release-failed' | 'approved' | 'rejected';
export const holdStates: readonly HoldState[] = ['pending', 'releasing', 'released', 'release-failed', 'approved', 'rejected'];

export interface FindingSummary {
  rule: string;
  category: string;
  severity: string;
  evidence: string;
  location: Record<string, unknown>;
  description?: { zh: string; en: string };
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
  route: string;
  method: string;
  path: string;
  submitter: string | null;
  contentHash: string;
  findings: FindingSummary[];
  parts: PartSummary[];
  /** AES-256-GCM sealed raw request (see seal/). */
  sealed: Buffer;
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

export type Role = 'reviewer' | 'officer' | 'auditor' | 'admin';
export const roles: readonly Role[] = ['reviewer', 'officer', 'auditor', 'admin'];

export interface User {
  name: string;
  role: Role;
}

export interface Store {
  createHold(hold: NewHold): Promise<void>;
  getHold(id: string): Promise<HoldRecord | undefined>;
  sealedRequest(id: string): Promise<Buffer | undefined>;
  listHolds(filter: { state?: HoldState; limit: number; offset: number }): Promise<HoldRecord[]>;
  /**
   * Atomically moves a hold from one of `from` to `to` and records the event;
   * false when the hold is not in one of `from` (someone else got there first).
   */
  transition(id: string, from: HoldState[], to: HoldState, event: HistoryEvent, patch?: { reason?: string; upstreamStatus?: number }): Promise<boolean>;
  pendingStats(): Promise<{ count: number; oldestCreatedAt: number | null }>;
  addApproval(contentHash: string, expiresAt: number, holdId: string, approvedBy: string): Promise<void>;
  approvalFor(contentHash: string, now: number): Promise<string | undefined>;
  /** Appends to the audit chain; `seal` computes the entry's hash from the previous one. */
  appendAudit(kind: string, at: number, record: string, seal: (prev: string, seq: number) => string): Promise<AuditEntry>;
  auditEntries(): AsyncIterable<AuditEntry>;
  auditHead(): Promise<{ seq: number; hash: string } | undefined>;
  addUser(name: string, role: Role, tokenHash: string): Promise<void>;
  userByTokenHash(tokenHash: string): Promise<User | undefined>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
