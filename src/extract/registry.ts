import { charsetOf, decodings } from './charset.js';
import { emptyDocument, linesFromText, type Document } from './document.js';
import { textRuns } from './text-runs.js';
import type { ExtractContext, ExtractInput, ExtractLimits, Extractor } from './extractor.js';
import { sniffMediaType } from './sniff.js';
import { OcrBusyError, OcrTimeoutError } from './ocr/pool.js';
import { ArchiveLimitError } from './zip.js';

/**
 * Picks the extractor for a part by its sniffed type. A type nobody reads is
 * not passed: it comes back as a document with an `unsupported-format`
 * problem, which the policy turns into a hold (fail closed).
 */
export class ExtractorRegistry {
  private readonly byType = new Map<string, Extractor>();

  constructor(extractors: Extractor[]) {
    for (const extractor of extractors) {
      for (const type of extractor.mediaTypes) {
        const taken = this.byType.get(type);
        if (taken) throw new Error(`extractors ${taken.id} and ${extractor.id} both claim ${type}`);
        this.byType.set(type, extractor);
      }
    }
  }

  async extract(input: ExtractInput, limits: ExtractLimits, signal: AbortSignal, extra: Pick<ExtractContext, 'ocr' | 'decisive'>): Promise<Document> {
    const ctx: ExtractContext = {
      limits,
      signal,
      ...extra,
      extractNested: (nested) => this.extractOne(nested, ctx),
    };
    return this.extractOne(input, ctx);
  }

  private async extractOne(input: ExtractInput, ctx: ExtractContext): Promise<Document> {
    if (input.readAs === 'runs') return runsDocument(input, ctx) ?? emptyDocument(input.part, 'application/octet-stream', input.file);
    const mediaType = input.readAs === 'text' ? 'text/plain' : sniffMediaType(input.bytes, input.declaredType);
    const read = await this.read(input, mediaType, ctx);
    // Bytes no reading of a binary format explains (comments, names, trailing data) are still text someone can see.
    const runs = this.byType.get(mediaType)?.text ? undefined : runsDocument(input, ctx);
    if (runs) read.children.push(runs);
    return read;
  }

  private async read(input: ExtractInput, mediaType: string, ctx: ExtractContext): Promise<Document> {
    const doc = emptyDocument(input.part, mediaType, input.file);
    if (input.depth > ctx.limits.extractDepth) {
      doc.problems.push({ code: 'too-deep', detail: `embedded ${input.depth} levels deep` });
      return doc;
    }
    const extractor = this.byType.get(mediaType);
    if (!extractor) {
      doc.problems.push({ code: 'unsupported-format', detail: `no extractor reads ${mediaType}` });
      return doc;
    }
    try {
      ctx.signal.throwIfAborted();
      if (!extractor.text || input.text !== undefined) return await extractor.extract(input, mediaType, ctx);
      // Text bytes are read in every plausible charset; other readings hang under the first as documents of their own.
      const declared = [charsetOf(input.declaredType), ...(input.charsets ?? [])].filter((c): c is string => !!c);
      const [first, ...others] = decodings(input.bytes, ctx.limits.siteCharset, declared);
      const read = await extractor.extract({ ...input, text: first?.text ?? '' }, mediaType, ctx);
      for (const other of others) {
        const alt = await extractor.extract({ ...input, text: other.text }, mediaType, ctx);
        read.children.push({ ...alt, decoding: other.charset });
      }
      return read;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const message = (err as Error).message;
      const code =
        err instanceof ArchiveLimitError
          ? 'too-large'
          : err instanceof OcrTimeoutError || err instanceof OcrBusyError
            ? 'timeout'
            : /encrypt|password/i.test(message)
              ? 'encrypted'
              : 'malformed';
      doc.problems.push({ code, detail: `${extractor.id}: ${message}` });
      return doc;
    }
  }
}

/** The text runs in a part's raw bytes as a document of their own (`decoding: raw bytes`), or undefined when there are none. */
function runsDocument(input: ExtractInput, ctx: ExtractContext): Document | undefined {
  const runs = textRuns(input.bytes);
  if (!runs.length) return undefined;
  const doc = emptyDocument(input.part, 'text/plain', input.file);
  doc.decoding = 'raw bytes';
  doc.pages.push({ number: 1, lines: linesFromText(runs.join('\n'), 'hidden', 0) });
  return doc;
}
