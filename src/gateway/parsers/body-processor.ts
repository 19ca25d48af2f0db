import type { IncomingHttpHeaders } from 'node:http';
import type { Problem } from '../../extract/document.js';
import type { ScanPart } from '../../scanner.js';

export interface BodyInput {
  /** The body after Content-Encoding was undone. */
  bytes: Buffer;
  mediaType: string;
  contentType: string;
  headers: IncomingHttpHeaders;
  limits: { multipartParts: number; jsonDepth: number };
}

/** A named field of the body (form field, JSON path): what the content hash is built from. */
export interface ParsedBody {
  parts: ScanPart[];
  problems: Problem[];
}

/** One processor per content type (coraza-style), listed explicitly in parsers/index.ts. */
export interface BodyProcessor {
  id: string;
  accepts(mediaType: string, headers: IncomingHttpHeaders): boolean;
  parse(input: BodyInput): Promise<ParsedBody>;
}
