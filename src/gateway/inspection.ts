import { performance } from 'node:perf_hooks';
import type { Identity } from '../cms/adapter.js';
import type { Verdict } from '../detect/decide.js';
import type { Finding } from '../detect/finding.js';
import type { HeldRequest } from '../review/holds.js';
import type { PartSummary } from '../store/store.js';
import { findingSummary } from '../store/rows.js';
import type { RouteMatch } from './route.js';

export type InspectionStage = 'capture' | 'parse' | 'extract' | 'detect' | 'decide' | 'act' | 'total';

/** What finally happened to the request. */
export type Outcome = 'forwarded' | 'blocked' | 'held' | 'too-large' | 'aborted' | 'refused' | 'upstream-error' | 'error';

/**
 * One request's trip through the phases (capture → parse → scan → decide →
 * act → record), like a WAF transaction: timings, parts, findings and the
 * decision accumulate here, and the audit record is built from it in a
 * `finally`, so a crash or timeout is recorded too.
 */
export class Inspection {
  readonly started = performance.now();
  readonly at = Date.now();
  readonly timings: Partial<Record<InspectionStage, number>> = {};
  parts: PartSummary[] = [];
  findings: Finding[] = [];
  /** `pass`: a write on a route the policy does not inspect (recorded all the same). */
  verdict: Verdict | 'pass' | undefined;
  submitter: Identity = { user: null, claims: [] };
  outcome: Outcome = 'error';
  holdId: string | undefined;
  approvedBy: string | undefined;
  upstreamStatus: number | undefined;
  /** Set once the body started towards the CMS: from then on a failure must not also hold it. */
  forwarding = false;
  bodyBytes = 0;
  bodySha256: string | undefined;
  contentHash: string | undefined;
  error: string | undefined;

  constructor(
    readonly requestId: string,
    readonly portal: string,
    readonly route: RouteMatch,
    readonly clientIp: string | undefined,
  ) {}

  async timed<T>(stage: InspectionStage, work: () => Promise<T> | T): Promise<T> {
    const t = performance.now();
    try {
      return await work();
    } finally {
      this.timings[stage] = (this.timings[stage] ?? 0) + (performance.now() - t) / 1000;
    }
  }

  finish(): void {
    this.timings.total = (performance.now() - this.started) / 1000;
  }

  /** What the hold service keeps of a request it holds: who, where, why, and the content binding. */
  heldRequest(): HeldRequest {
    return {
      requestId: this.requestId,
      portal: this.portal,
      createdAt: this.at,
      route: this.route.name,
      method: this.route.target.method,
      path: this.route.target.path,
      submitter: this.submitter.user,
      claims: this.submitter.claims,
      contentHash: this.contentHash ?? '',
      findings: this.findings.map(findingSummary),
      parts: this.parts,
    };
  }

  /** The audit record: hashes, rule ids, offsets and short evidence; never content. */
  auditRecord(): Record<string, unknown> {
    return {
      requestId: this.requestId,
      portal: this.portal,
      route: this.route.name,
      action: this.route.action,
      method: this.route.target.method,
      path: this.route.target.path,
      submitter: this.submitter.user,
      claims: this.submitter.claims.length ? this.submitter.claims : undefined,
      identifiedBy: this.submitter.via,
      client: this.clientIp,
      bodyBytes: this.bodyBytes,
      bodySha256: this.bodySha256,
      contentHash: this.contentHash,
      parts: this.parts,
      findings: this.findings.map((f) => ({ rule: f.rule, category: f.category, severity: f.severity, evidence: f.evidence, location: f.location })),
      verdict: this.verdict,
      outcome: this.outcome,
      holdId: this.holdId,
      approvedBy: this.approvedBy,
      upstreamStatus: this.upstreamStatus,
      error: this.error,
      timings: Object.fromEntries(Object.entries(this.timings).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6])),
    };
  }
}
