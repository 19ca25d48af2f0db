import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { CmsAdapter, RequestHead } from '../cms/adapter.js';
import { decide } from '../detect/decide.js';
import { unscannable } from '../detect/detector.js';
import type { Finding } from '../detect/finding.js';
import { emptyDocument } from '../extract/document.js';
import type { Metrics } from '../metrics.js';
import type { Policy } from '../policy/schema.js';
import type { Observation } from '../registry/observation.js';
import type { HoldService } from '../review/holds.js';
import type { RequestScan } from '../scan/request-scan.js';
import type { ScanService } from '../scan/service.js';
import type { AuditTrail } from '../audit/chain.js';
import { captureBody, framingError, hasBody } from './capture.js';
import { sha256 } from './content-hash.js';
import { GatewayError } from './errors.js';
import { endToEnd, forwardHeaders, headersOf } from './headers.js';
import { Inspection, type InspectionStage } from './inspection.js';
import { internalMessage, tooLargeMessage } from './messages.js';
import { blockedRefusal, checkResponders, heldRefusal, refuse, upstreamRefusal, type Refusal } from './respond.js';
import { Router, type RouteMatch } from './route.js';
import { editorStatusPage } from './status-page.js';
import { UpstreamError, type Upstream } from './upstream.js';

export interface GatewayDeps {
  /** The portal this handler serves (holds, audit entries and metrics carry it). */
  portal: string;
  /** The portal's time zone, for what editors read. */
  timeZone: string;
  policy: Policy;
  adapter: CmsAdapter;
  scans: ScanService;
  upstream: Upstream;
  holds: HoldService;
  audit: AuditTrail;
  metrics: Metrics;
  logger: Logger;
  /** Learns boilerplate from content allowed and forwarded (the registry's; never awaited). */
  observe?: (o: Observation) => void;
}


/**
 * The request as the CMS will receive it: headers less the hop-by-hop ones
 * (and those a Connection header names, which the gateway removes before
 * forwarding: a `Connection: Content-Type` would otherwise have the gateway
 * parse a body by a Content-Type the CMS never sees).
 */
export function requestHead(req: IncomingMessage): RequestHead {
  const rawHeaders = endToEnd(req.rawHeaders);
  return { method: req.method!, url: req.url!, headers: headersOf(rawHeaders), rawHeaders, remoteAddress: req.socket.remoteAddress, hasBody: hasBody(req.headers) };
}

/**
 * The public listener's request handler. Requests that cannot change
 * content (reads, by the CMS adapter's account) stream through untouched on
 * the lean path; a write on a canonical pass route (login) streams too and
 * is audited; every other write is buffered, read the way the CMS reads it,
 * inspected and then forwarded byte for byte, refused or sealed and held.
 */
export function createGateway(deps: GatewayDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { policy, upstream, metrics, adapter } = deps;
  checkResponders(policy.routes, adapter);
  const router = new Router(policy.routes);
  const passthrough = metrics.requests.labels(deps.portal, 'passthrough', 'pass');

  /** Streams a request to the CMS; a write on a pass route comes with its inspection, recorded once answered. */
  const streamThrough = (req: IncomingMessage, res: ServerResponse, insp?: Inspection) => {
    if (insp) insp.forwarding = true;
    else passthrough.inc();
    upstream
      .forward({ method: req.method!, url: req.url!, headers: forwardHeaders(req) }, req, res)
      .then((status) => {
        if (!insp) return;
        insp.upstreamStatus = status;
        insp.outcome = 'forwarded';
      })
      .catch((err: unknown) => {
        const failure = err instanceof UpstreamError ? err : new UpstreamError('unreachable', String(err));
        if (insp) {
          insp.outcome = 'upstream-error';
          insp.error = failure.message;
        }
        refuse(res, req, 'auto', adapter, upstreamRefusal(failure, insp?.requestId ?? '-'));
      })
      .finally(() => {
        if (!insp) return;
        insp.finish();
        record(deps, insp);
      });
  };

  return function gateway(req, res) {
    if (req.method === 'GET' && req.url!.startsWith('/_baomi/')) {
      void editorStatusPage(req, res, deps.holds, deps.portal, deps.timeZone, (r) => adapter.identify(requestHead(r)));
      return;
    }
    // The common read (a GET with nothing that could name another method) streams at once, before any parsing.
    if (plainRead(req)) return streamThrough(req, res);
    const head = requestHead(req);
    const target = adapter.target(head);
    const framing = framingError(req.headers);
    if (framing) {
      // Refused before anything is read, and recorded: it may be a write.
      req.resume();
      const insp = new Inspection(randomUUID(), deps.portal, router.match(target, head.method), req.socket.remoteAddress);
      insp.outcome = 'refused';
      insp.error = framing;
      refuse(res, req, 'auto', adapter, { kind: 'error', status: 400, code: 'baomi_bad_framing', message: `请求的传输编码无法确定地解读，未转发。 / ${framing}.`, requestId: insp.requestId });
      insp.finish();
      record(deps, insp);
      return;
    }
    if (!adapter.writes(head, target)) return streamThrough(req, res);
    const match = router.match(target, head.method);
    if (match.action === 'pass') {
      // A write the policy exempts (logging in) is not inspected, but it is recorded.
      const insp = new Inspection(randomUUID(), deps.portal, match, req.socket.remoteAddress);
      insp.verdict = 'pass';
      insp.submitter = adapter.claims(head);
      return streamThrough(req, res, insp);
    }
    void inspect(deps, req, res, head, match);
  };
}

/**
 * A request no CMS can take for a write: a safe method, no body, and
 * nothing in the query or the header names that could be a method override
 * (`method` in any case, or a percent-encoded name that could decode to it).
 */
function plainRead(req: IncomingMessage): boolean {
  const m = req.method;
  if ((m !== 'GET' && m !== 'HEAD') || hasBody(req.headers)) return false;
  const q = req.url!.indexOf('?');
  if (q >= 0 && /method|%/i.test(req.url!.slice(q))) return false;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (/method/i.test(raw[i]!)) return false;
  return true;
}

async function inspect(deps: GatewayDeps, req: IncomingMessage, res: ServerResponse, head: RequestHead, match: RouteMatch): Promise<void> {
  const { policy, scans, holds, metrics, adapter } = deps;
  const insp = new Inspection(randomUUID(), deps.portal, match, req.socket.remoteAddress);
  // Who it says it is from; the CMS is asked to verify that only for a hold, where it decides who may review.
  insp.submitter = adapter.claims(head);
  const reply = (r: Refusal) => refuse(res, req, match.responder, adapter, r);
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
      if (insp.outcome === 'too-large') reply({ kind: 'error', status: 413, code: 'baomi_body_too_large', message: tooLargeMessage(policy.limits.bodyBytes), requestId: insp.requestId });
      else res.destroy();
      return;
    }
    captured = body;
    insp.bodyBytes = body.length;
    insp.bodySha256 = sha256(body);
    metrics.inspectedBytes.inc(body.length);

    const scan = await scans.scan(deps.portal, head, match.target, body);
    fileName = scan.fileName;
    for (const [stage, seconds] of Object.entries(scan.timings)) insp.timings[stage as InspectionStage] = seconds;
    insp.findings = scan.findings;
    insp.parts = scan.parts;
    insp.contentHash = scan.contentHash;
    let decision = scan.decision;
    if (decision.verdict !== 'allow' && insp.contentHash) {
      const approval = await holds.approvalFor(insp.contentHash, deps.portal);
      if (approval) decision = decide(scan.findings, policy, approval);
    }
    insp.approvedBy = decision.approvedBy;
    const verdict = decision.verdict;
    insp.verdict = verdict;

    await insp.timed('act', async () => {
      if (verdict === 'allow' || match.action === 'monitor') {
        await forwardBuffered(deps, insp, req, res, body, reply);
        if (verdict === 'allow') learnFrom(deps, insp, scan);
      } else if (verdict === 'block') {
        insp.outcome = 'blocked';
        reply(blockedRefusal(insp.requestId, decision.reasons, fileName));
      } else {
        await holdRequest(deps, insp, req, body, reply, decision.reasons, fileName);
      }
    });
  } catch (err) {
    // Fail closed and lose nothing: a request we failed to judge is held for a reviewer.
    insp.error = (err as Error).message;
    deps.logger.error({ requestId: insp.requestId, err: insp.error }, 'inspection failed');
    await holdAfterError(deps, insp, req, res, insp.forwarding ? undefined : captured, reply, fileName);
  } finally {
    insp.finish();
    record(deps, insp);
  }
}

async function forwardBuffered(deps: GatewayDeps, insp: Inspection, req: IncomingMessage, res: ServerResponse, body: Buffer, reply: (r: Refusal) => void): Promise<void> {
  insp.forwarding = true;
  try {
    insp.upstreamStatus = await deps.upstream.forward({ method: req.method!, url: req.url!, headers: forwardHeaders(req, body.length) }, body, res);
    insp.outcome = 'forwarded';
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    insp.outcome = 'upstream-error';
    insp.error = err.message;
    reply(upstreamRefusal(err, insp.requestId));
  }
}

/** Allowed content the CMS took shows the portal's stock phrasing: the registry learns from what the scan saw (only a scan without any registry finding reports it). */
function learnFrom(deps: GatewayDeps, insp: Inspection, scan: RequestScan): void {
  if (deps.observe && scan.observation && insp.outcome === 'forwarded' && (insp.upstreamStatus ?? 500) < 400) deps.observe(scan.observation);
}

async function holdRequest(deps: GatewayDeps, insp: Inspection, req: IncomingMessage, body: Buffer, reply: (r: Refusal) => void, reasons: Finding[], fileName: string | undefined): Promise<void> {
  insp.submitter = await deps.adapter.identify(requestHead(req)).catch(() => insp.submitter);
  const holdId = await deps.holds.hold(insp.heldRequest(), { method: req.method!, url: req.url!, httpVersion: req.httpVersion, rawHeaders: forwardHeaders(req, body.length), body });
  insp.holdId = holdId;
  insp.outcome = 'held';
  reply(heldRefusal(insp.requestId, holdId, `/_baomi/holds/${holdId}`, reasons, fileName));
}

async function holdAfterError(deps: GatewayDeps, insp: Inspection, req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, reply: (r: Refusal) => void, fileName: string | undefined): Promise<void> {
  if (body && !res.headersSent) {
    const finding = unscannable(emptyDocument('request', 'message/http'), 'internal-error', insp.error ?? '', deps.policy.detection);
    insp.findings = [...insp.findings, finding];
    insp.verdict = 'hold';
    insp.contentHash = undefined;
    try {
      await holdRequest(deps, insp, req, body, reply, [finding], fileName);
      return;
    } catch (err) {
      deps.logger.error({ requestId: insp.requestId, err: (err as Error).message }, 'could not hold after an error');
    }
  }
  insp.outcome = 'error';
  reply({ kind: 'error', status: 500, code: 'baomi_internal_error', message: internalMessage, requestId: insp.requestId });
}

function record(deps: GatewayDeps, insp: Inspection): void {
  const { metrics } = deps;
  const verdictLabel = insp.outcome === 'too-large' || insp.outcome === 'refused' || insp.outcome === 'error' ? insp.outcome : insp.route.action === 'monitor' ? 'monitor' : (insp.verdict ?? 'error');
  metrics.requests.inc({ portal: insp.portal, route: insp.route.name, verdict: verdictLabel });
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
