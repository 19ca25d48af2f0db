import { performance } from 'node:perf_hooks';
import { Decision, decide } from './detect/decide.js';
import { Detector } from './detect/detector.js';
import type { RuleFamily } from './detect/family.js';
import { createRuleFamilies } from './detect/families/index.js';
import type { Finding } from './detect/finding.js';
import { emptyDocument, walkDocuments, type Document, type Problem } from './extract/document.js';
import { extractors } from './extract/extractors.js';
import type { Extractor } from './extract/extractor.js';
import type { Ocr } from './extract/ocr/engine.js';
import { OcrPool } from './extract/ocr/pool.js';
import { createOcrPool } from './extract/ocr/engines.js';
import type { CopyMatcher } from './detect/families/registered-copy.js';
import { ExtractorRegistry } from './extract/registry.js';
import type { Portal } from './policy/portal.js';
import type { Policy } from './policy/schema.js';

/** One piece of content to scan: a form field, a JSON string, an uploaded file. */
export interface ScanPart {
  part: string;
  file?: string;
  bytes: Buffer;
  declaredType?: string;
  /** The bytes already decoded (JSON strings), when there is only one way to read them. */
  text?: string;
  /** Charsets the request declares for these bytes: text is read in each of them too. */
  charsets?: string[];
  /** Read as plain text (never sniffed), or only for the text runs in the bytes. */
  readAs?: 'text' | 'runs';
}

export type Stage = 'extract' | 'detect' | 'decide';

export interface ScanResult {
  documents: Document[];
  findings: Finding[];
  decision: Decision;
  timings: Record<Stage, number>;
}

class ScanTimeout extends Error {}

/**
 * The one scanner behind every entry point (proxy, `baomi scan`, console
 * re-scan): extract each part, run the rule families, decide. It never throws
 * for bad content: failures become `unscannable` findings and the policy holds.
 */
export class Scanner {
  private readonly registry: ExtractorRegistry;
  private readonly detector: Detector;
  /** Engines start on the first image (or at gateway start, warmed), not at construction: tests and `baomi scan` on text pay nothing. */
  readonly ocr: OcrPool | undefined;
  /** What extractors read images with: the pool, or (in a scan worker) a line to the gateway's pool. */
  private readonly reader: Ocr | undefined;

  constructor(
    private readonly policy: Policy,
    options: { extractors?: Extractor[]; families?: RuleFamily[]; portal?: Portal; ocr?: Ocr | false; registry?: CopyMatcher } = {},
  ) {
    this.reader = options.ocr === false || !policy.ocr.enabled ? undefined : (options.ocr ?? createOcrPool(policy.ocr));
    this.ocr = this.reader instanceof OcrPool ? this.reader : undefined;
    this.registry = new ExtractorRegistry(options.extractors ?? extractors);
    this.detector = new Detector(options.families ?? createRuleFamilies(policy, options.portal, options.registry), { evidenceChars: policy.detection.evidenceChars });
  }

  async scan(parts: ScanPart[], requestProblems: Problem[] = []): Promise<ScanResult> {
    const timings: Record<Stage, number> = { extract: 0, detect: 0, decide: 0 };
    const controller = new AbortController();
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ScanTimeout());
      }, this.policy.limits.scanTimeoutMs);
    });
    const documents: Document[] = [];
    const findings: Finding[] = [];
    if (requestProblems.length) {
      const req = emptyDocument('request', 'message/http');
      req.problems.push(...requestProblems);
      documents.push(req);
    }
    try {
      await Promise.race([this.extractAll(parts, documents, timings, controller.signal), deadline]);
      const t = performance.now();
      for (const doc of documents) findings.push(...this.detector.detect(doc));
      timings.detect = (performance.now() - t) / 1000;
      // Work that never yields (a parser on a hostile file) keeps the timer from firing: the clock is checked too.
      if (performance.now() - started > this.policy.limits.scanTimeoutMs) throw new ScanTimeout();
    } catch (err) {
      const timeout = err instanceof ScanTimeout;
      const doc = emptyDocument('request', 'message/http');
      doc.problems.push(
        timeout
          ? { code: 'timeout', detail: `scan took longer than ${this.policy.limits.scanTimeoutMs} ms` }
          : { code: 'internal-error', detail: (err as Error).message },
      );
      findings.push(...this.detector.problems(doc));
    } finally {
      clearTimeout(timer);
    }
    const t = performance.now();
    const decision = decide(findings, this.policy);
    timings.decide = (performance.now() - t) / 1000;
    // What caused the verdict comes first (editor message, hold, audit, CLI), then the rest (release notes, weak evidence).
    const causes = new Set(decision.reasons);
    return { documents, findings: [...decision.reasons, ...findings.filter((f) => !causes.has(f))], decision, timings };
  }

  /**
   * The text of one file as the extractors read it (OCR included), every
   * embedded part after its parent, and what could not be read: what the
   * registry fingerprints when a document is registered.
   */
  async extractText(file: string, bytes: Buffer): Promise<{ text: string; problems: Problem[] }> {
    const limits = { ...this.policy.limits, headerLines: this.policy.detection.headerLines, siteCharset: this.policy.charset };
    const root = await this.registry.extract({ part: 'file', file, bytes, depth: 0 }, limits, AbortSignal.timeout(this.policy.limits.scanTimeoutMs), { ocr: this.reader, decisive: () => false });
    const texts: string[] = [];
    const problems: Problem[] = [];
    for (const doc of walkDocuments(root)) {
      for (const page of doc.pages) for (const line of page.lines) texts.push(line.text);
      problems.push(...doc.problems);
    }
    return { text: texts.join('\n'), problems };
  }

  async close(): Promise<void> {
    await this.ocr?.close();
  }

  private async extractAll(parts: ScanPart[], documents: Document[], timings: Record<Stage, number>, signal: AbortSignal): Promise<void> {
    const t = performance.now();
    const limits = { ...this.policy.limits, headerLines: this.policy.detection.headerLines, siteCharset: this.policy.charset };
    // Reading stops early only on evidence that blocks by itself: a registry excerpt (which holds) may grow into a copy further down.
    const decisive = (doc: Document) => decide(this.detector.detect(doc).filter((f) => f.severity === 'strong' && f.category !== 'unscannable'), this.policy).verdict === 'block';
    for (const part of parts) documents.push(await this.registry.extract({ ...part, depth: 0 }, limits, signal, { ocr: this.reader, decisive }));
    timings.extract = (performance.now() - t) / 1000;
  }
}
