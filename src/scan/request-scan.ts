import { performance } from 'node:perf_hooks';
import type { CmsTarget, ParsingModel, RequestHead } from '../cms/adapter.js';
import type { Decision } from '../detect/decide.js';
import type { Finding } from '../detect/finding.js';
import { contentHash, partSummary } from '../gateway/content-hash.js';
import { readRequest } from '../gateway/reading/request.js';
import type { Policy } from '../policy/schema.js';
import { ObservationCollector, observing, type Observation } from '../registry/observation.js';
import type { Scanner } from '../scanner.js';
import type { PartSummary } from '../store/store.js';

/** What the gateway needs back from scanning one request: plain data, so it can come from a worker thread. */
export interface RequestScan {
  parts: PartSummary[];
  findings: Finding[];
  decision: Decision;
  /** Seconds per stage: parse, extract, detect, decide. */
  timings: Record<string, number>;
  /** Binds approve-for-resubmission; undefined when the request could not be read one way only. */
  contentHash: string | undefined;
  /** The first file name, for the editor's message. */
  fileName: string | undefined;
  /** What the text shared with the registry below any finding: the gateway learns boilerplate from it if the request is allowed. */
  observation?: Observation;
}

/**
 * Reads a request the way the CMS does, scans every part and decides: the
 * whole CPU-bound part of an inspection, run the same way in a scan worker
 * or in-process.
 */
export async function scanRequest(scanner: Scanner, model: ParsingModel, policy: Policy, head: RequestHead, target: CmsTarget, body: Buffer): Promise<RequestScan> {
  const t = performance.now();
  const reading = readRequest(head, body, model, policy.limits);
  const parse = (performance.now() - t) / 1000;
  // Matching reports what it saw through `observing`: no new path through the scanner and the rule families.
  const seen = new ObservationCollector();
  const result = await observing.run(seen, () => scanner.scan(reading.parts, reading.problems));
  // The scanner's documents follow the parts, after any request-level problem document.
  const offset = result.documents.length - reading.parts.length;
  const parts = reading.parts.map((p, i) => partSummary(p, result.documents[offset + i]?.mediaType));
  return {
    parts,
    findings: result.findings,
    decision: result.decision,
    timings: { parse, ...result.timings },
    contentHash: reading.problems.length ? undefined : contentHash(String(head.headers.host ?? ''), target, reading.parts, parts, policy.volatileFields, reading.bound),
    fileName: reading.parts.find((p) => p.file)?.file,
    // Only content allowed without any registry finding teaches the registry anything.
    observation: result.decision.verdict === 'allow' && !result.findings.some((f) => f.category === 'registered-copy') ? seen.result() : undefined,
  };
}
