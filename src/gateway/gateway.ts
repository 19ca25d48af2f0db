import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Finding } from '../detect/finding.js';
import type { Metrics } from '../metrics.js';
import type { Policy } from '../policy/schema.js';
import type { HoldService } from '../review/holds.js';
import type { Scanner } from '../scanner.js';
import type { AuditTrail } from '../audit/chain.js';
import { captureBody, decodeContentEncoding, hasBody } from './capture.js';
import { contentHash, sha256 } from './content-hash.js';
import { GatewayError } from './errors.js';
import { forwardHeaders } from './headers.js';
import { Inspection } from './inspection.js';
import { internalMessage, tooLargeMessage } from './messages.js';
import { processorFor } from './parsers/index.js';
import { blockedRefusal, heldRefusal, refuse, shapeFor, upstreamRefusal, type Shape } from './respond.js';
import { Router, type RouteMatch } from './route.js';
import { editorStatusPage } from './status-page.js';
import { submitterOf } from './submitter.js';
import { UpstreamError, type Upstream } from './upstream.js';

export interface GatewayDeps {
  policy: Policy;
  scanner: Scanner;
  upstream: Upstream;
  holds: HoldService;
  audit: AuditTrail;
  metrics: Metrics;
  logger: Logger;
}

/**
 * The public listener's request handler. Requests without a body, and routes
 * the policy exempts, stream through untouched on the lean path; every other
 * request is buffered, inspected and then forwarded byte for byte, refused or
 * sealed and held.
 */
export function createGateway(deps: GatewayDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { policy, upstream, metrics } = deps;
  const router = new Router(policy.routes);
  const passthrough = metrics.requests.labels('passthrough', 'pass');

  const streamThrough = (req: IncomingMessage, res: ServerResponse, counter = passthrough) => {
    counter.inc();
    upstream.forward({ method: req.method!, url: req.url!, headers: forwardHeaders(req) }, req, res).catch((err: unknown) => {
      const failure = err instanceof UpstreamError ? err : new UpstreamError('unreachable', String(err));
      refuse(res, shapeFor('auto', req), upstreamRefusal(failure, '-'));
    });
  };

  return function gateway(req, res) {
    if (req.method === 'GET' && req.url!.startsWith('/_baomi/')) {
      void editorStatusPage(req, res, deps.holds);
      return;
    }
    if (!hasBody(req)) return streamThrough(req, res);
    const match = router.match(req.url!, req.method!, req.headers);
    if (match.action === 'pass') return streamThrough(req, res, metrics.requests.labels(match.name, 'pass'));
    void inspect(deps, req, res, match);
  };
}

async function inspect(deps: GatewayDeps, req: IncomingMessage, res: ServerResponse, match: RouteMatch): Promise<void> {
  const { policy, scanner, holds, metrics } = deps;
  const insp = new Inspection(randomUUID(), match, submitterOf(req.headers, policy.submitter), req.socket.remoteAddress);
  const shape: Shape = shapeFor(match.responder, req);
  let fileName: string | undefined;
  let captured: Buffer | undefined;
  try {
    let body: Buffer;
    try {
      body = await insp.timed('capture', () => captureBody(req, policy.limits.bodyBytes));
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      insp.outcome = err.code === 'BAOMI_ERR_BODY_TOO_LARGE' ? 'too-large' : 'aborted';
      insp.error = err.message;
      if (insp.outcome === 'too-large') {
        refuse(res, shape, { kind: 'error', status: 413, code: 'baomi_body_too_large', message: tooLargeMessage(policy.limits.bodyBytes), requestId: insp.requestId });
      } else res.destroy();
      return;
    }
    captured = body;
    insp.bodyBytes = body.length;
    insp.bodySha256 = sha256(body);
    metrics.inspectedBytes.inc(body.length);

    const decoded = await insp.timed('decode', () => decodeContentEncoding(body, req.headers['content-encoding'], policy.limits.decodedBytes));
    const contentType = req.headers['content-type'] ?? '';
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    const problems = [...decoded.problems, ...duplicateHeaderProblems(req)];
    const parsed = problems.length
      ? { parts: [], problems }
      : await insp.timed('parse', () =>
          processorFor(mediaType, req.headers).parse({ bytes: decoded.bytes, mediaType, contentType, headers: req.headers, limits: policy.limits }),
        );
    fileName = parsed.parts.find((p) => p.file)?.file;

    const result = await scanner.scan(parsed.parts, parsed.problems);
    for (const [stage, seconds] of Object.entries(result.timings)) insp.timings[stage as 'extract'] = seconds;
    insp.findings = result.findings;
    // The scanner's documents follow the parts, after any request-level problem document.
    const offset = result.documents.length - parsed.parts.length;
    insp.parts = parsed.parts.map((p, i) => ({ part: p.part, file: p.file, mediaType: result.documents[offset + i]?.mediaType, bytes: p.bytes.length, sha256: sha256(p.bytes) }));
    insp.contentHash = contentHash(insp.parts, policy.volatileFields);
    let verdict = result.decision.verdict;
    if (verdict !== 'allow') {
      const approvedHold = await holds.approvalFor(insp.contentHash);
      if (approvedHold) {
        insp.approvedBy = approvedHold;
        verdict = 'allow';
      }
    }
    insp.verdict = verdict;

    await insp.timed('act', async () => {
      if (verdict === 'allow' || match.action === 'monitor') {
        await forwardBuffered(deps, insp, req, res, body, shape);
      } else if (verdict === 'block') {
        insp.outcome = 'blocked';
        refuse(res, shape, blockedRefusal(insp.requestId, result.decision.reasons, fileName));
      } else {
        await holdRequest(deps, insp, req, res, body, shape, result.decision.reasons, fileName);
      }
    });
  } catch (err) {
    // Fail closed and lose nothing: a request we failed to judge is held for a reviewer.
    insp.error = (err as Error).message;
    deps.logger.error({ requestId: insp.requestId, err: insp.error }, 'inspection failed');
    await holdAfterError(deps, insp, req, res, insp.forwarding ? undefined : captured, shape, fileName);
  } finally {
    insp.finish();
    record(deps, insp);
  }
}

/** Node folds a repeated Content-Type into one value; PHP may read the other: ambiguous. */
function duplicateHeaderProblems(req: IncomingMessage): Array<{ code: 'ambiguous'; detail: string }> {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'content-type') n++;
  return n > 1 ? [{ code: 'ambiguous', detail: `${n} Content-Type headers` }] : [];
}

async function forwardBuffered(deps: GatewayDeps, insp: Inspection, req: IncomingMessage, res: ServerResponse, body: Buffer, shape: Shape): Promise<void> {
  insp.forwarding = true;
  try {
    insp.upstreamStatus = await deps.upstream.forward({ method: req.method!, url: req.url!, headers: forwardHeaders(req, body.length) }, body, res);
    insp.outcome = 'forwarded';
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    insp.outcome = 'upstream-error';
    insp.error = err.message;
    refuse(res, shape, upstreamRefusal(err, insp.requestId));
  }
}

async function holdRequest(
  deps: GatewayDeps,
  insp: Inspection,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  shape: Shape,
  reasons: Finding[],
  fileName: string | undefined,
): Promise<void> {
  const holdId = await deps.holds.hold(insp, { method: req.method!, url: req.url!, httpVersion: req.httpVersion, rawHeaders: forwardHeaders(req, body.length), body });
  insp.holdId = holdId;
  insp.outcome = 'held';
  const statusUrl = `/_baomi/holds/${holdId}`;
  refuse(res, shape, heldRefusal(insp.requestId, holdId, statusUrl, reasons, fileName));
}

async function holdAfterError(deps: GatewayDeps, insp: Inspection, req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, shape: Shape, fileName: string | undefined): Promise<void> {
  if (body && !res.headersSent) {
    const finding: Finding = {
      rule: 'unscannable.internal-error',
      category: 'unscannable',
      severity: 'strong',
      score: 0,
      evidence: (insp.error ?? '').slice(0, 80),
      description: { zh: '内容无法完整检查', en: 'content could not be fully scanned' },
      location: { part: 'request' },
    };
    insp.findings = [...insp.findings, finding];
    insp.verdict = 'hold';
    try {
      await holdRequest(deps, insp, req, res, body, shape, [finding], fileName);
      return;
    } catch (err) {
      deps.logger.error({ requestId: insp.requestId, err: (err as Error).message }, 'could not hold after an error');
    }
  }
  insp.outcome = 'error';
  refuse(res, shape, { kind: 'error', status: 500, code: 'baomi_internal_error', message: internalMessage, requestId: insp.requestId });
}

function record(deps: GatewayDeps, insp: Inspection): void {
  const { metrics } = deps;
  const verdictLabel = insp.outcome === 'too-large' ? 'too-large' : insp.outcome === 'error' ? 'error' : insp.route.action === 'monitor' ? 'monitor' : (insp.verdict ?? 'error');
  metrics.requests.inc({ route: insp.route.name, verdict: verdictLabel });
  for (const [stage, seconds] of Object.entries(insp.timings)) metrics.stageSeconds.observe({ stage }, seconds);
  for (const f of insp.findings) metrics.findings.inc({ category: f.category, rule: f.rule });
  deps.logger.info(
    { requestId: insp.requestId, route: insp.route.name, verdict: insp.verdict, outcome: insp.outcome, holdId: insp.holdId, findings: insp.findings.length, ms: Math.round((insp.timings.total ?? 0) * 1000) },
    'inspected',
  );
  deps.audit.append('inspection', insp.auditRecord(), insp.at).catch((err: unknown) => {
    metrics.auditFailures.inc();
    deps.logger.error({ requestId: insp.requestId, err: (err as Error).message }, 'audit write failed');
  });
}
