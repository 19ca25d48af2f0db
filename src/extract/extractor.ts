import { charsetOf, decodeText } from './charset.js';
import type { Ocr } from './ocr/engine.js';
import type { ArchiveLimits } from './zip.js';
import type { Document } from './document.js';

/** One piece of content to read: a form field, a JSON string, an uploaded file, an embedded object. */
export interface ExtractInput {
  part: string;
  file?: string;
  bytes: Buffer;
  /** The Content-Type the client declared (may lie; the registry sniffs). */
  declaredType?: string;
  /** The bytes already decoded as text (a JSON string, say), when there is only one way to read them. */
  text?: string;
  /** Charsets the request declares for these bytes (a form's `_charset_`, a part's `charset=`): read in each too. */
  charsets?: string[];
  /** How to read the bytes regardless of what they sniff as: `text` (names: never markup or an archive), `runs` (only the text runs in them: a compressed body's raw bytes). */
  readAs?: 'text' | 'runs';
  /** Nesting depth: 0 for a request part, +1 for each embedding. */
  depth: number;
}

/** The part's text as a text extractor reads it: decoded by the registry (one reading per plausible charset), or as given. */
export function textOf(input: ExtractInput): string {
  return input.text ?? decodeText(input.bytes, charsetOf(input.declaredType));
}

export interface ExtractLimits extends ArchiveLimits {
  headerLines: number;
  /** The charset the site stores and serves text in: the first reading of text bytes. */
  siteCharset: string;
  extractDepth: number;
  pdfPages: number;
  imagePixels: number;
  imagePages: number;
}

export interface ExtractContext {
  limits: ExtractLimits;
  signal: AbortSignal;
  /** The OCR pool, when one is configured: images and scanned pages go through it. */
  ocr?: Ocr;
  /** True when what was read so far already decides (a strong mark): OCR may stop early. */
  decisive(doc: Document): boolean;
  /** Reads embedded content (a data: URI, an archive entry) through the same registry. */
  extractNested(input: ExtractInput): Promise<Document>;
}

/** Reads one family of formats into the Document tree. */
export interface Extractor {
  id: string;
  mediaTypes: string[];
  /** Reads decoded text (via textOf): the registry runs it once per plausible charset of the bytes. */
  text?: boolean;
  extract(input: ExtractInput, mediaType: string, ctx: ExtractContext): Promise<Document>;
}
