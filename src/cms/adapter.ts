import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { PhpKeyPath } from './php/variables.js';

/**
 * What the gateway knows about the CMS behind it, in one place per CMS
 * (hono keeps one adapter per runtime the same way): how the CMS resolves a
 * request to an endpoint, how it turns names into keys, which requests change
 * content, who sent a request, and how a refusal is shown to its editors.
 * Gateway code asks the adapter and never names a CMS.
 */
export interface CmsAdapter {
  readonly name: string;
  /** Where the CMS sends the request. */
  target(head: RequestHead): CmsTarget;
  /** True when the request can change what the CMS stores or publishes (its query and body are then inspected). */
  writes(head: RequestHead, target: CmsTarget): boolean;
  /** How the CMS turns a request into variables. */
  readonly model: ParsingModel;
  /** Who the request says it is from, without asking anyone (a trusted proxy's header is believed). */
  claims(head: RequestHead): Identity;
  /** Who sent the request, as far as the CMS can verify it: asked only where it decides something (a hold). */
  identify(head: RequestHead): Promise<Identity>;
  /** Refusal shapes this CMS's clients understand, by the name profiles use (`responder:`). */
  readonly responders: Readonly<Record<string, RefusalWriter>>;
}

/** The request line and headers as received, before anything reads the body. */
export interface RequestHead {
  method: string;
  /** The raw request target. */
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  remoteAddress: string | undefined;
  /** Transfer-Encoding, or a Content-Length other than 0 (RFC 9112 §6.3). */
  hasBody: boolean;
}

/** The endpoint the CMS will run for a request. */
export interface CmsTarget {
  /** Normalised path, for matching inspect routes: lower case, decoded, no empty or dot segments, no parameters. */
  path: string;
  /** The method the CMS acts on, after the overrides it honours. */
  method: string;
  /**
   * The path exactly as sent, when nothing about the request can make the CMS
   * read it otherwise (no encoding, dot segments, parameters, backslashes,
   * method overrides or route parameters); undefined otherwise. Only such a
   * request may match a route that is not inspected.
   */
  canonical: string | undefined;
}

/** How the CMS parses variables out of a request. */
export interface ParsingModel {
  /** The key path a query or form name is stored under, or undefined when the CMS drops it. */
  keyPath(name: string): PhpKeyPath | undefined;
  /** The media type the CMS picks its body parser by. */
  mediaType(contentType: string): string;
  /** The charset pages are stored and served in (WordPress's blog_charset). */
  readonly charset: string;
}

export interface Identity {
  /** The verified user name, normalised; null when nobody could be verified. */
  user: string | null;
  /** Every user the request names (login cookies, Basic credentials, an identity header from an untrusted address), verified or not: none of them may decide on it. */
  claims: string[];
  /** How the user was verified: `proxy-header`, `cms-session`, `cms-password`. */
  via?: string;
}

/** What the gateway refuses with: the CMS adapter shapes it for its clients. */
export interface Refusal {
  kind: 'blocked' | 'held' | 'error';
  status: number;
  /** Machine code, e.g. baomi_blocked, baomi_held, baomi_body_too_large. */
  code: string;
  message: string;
  requestId: string;
  findings?: Array<{ rule: string; category: string; evidence: string; location: unknown }>;
  holdId?: string;
  statusUrl?: string;
  fileName?: string;
}

export type RefusalWriter = (res: ServerResponse, r: Refusal, send: SendFn) => void;
export type SendFn = (res: ServerResponse, status: number, type: string, body: string, headers?: Record<string, string>) => void;

/** Names compare the way people mean them: Unicode-normalised, trimmed, case-folded. */
export function normaliseUser(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}
