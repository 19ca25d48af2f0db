import { createHash } from 'node:crypto';
import type { CmsTarget } from '../cms/adapter.js';
import type { ScanPart } from '../scanner.js';
import type { PartSummary } from '../store/store.js';

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function partSummary(p: ScanPart, mediaType: string | undefined): PartSummary {
  return { part: p.part, file: p.file, mediaType, bytes: p.bytes.length, sha256: sha256(p.bytes) };
}

/** The name of a top-level form, query or JSON field behind a part (`field:_wpnonce`, `json:$.nonce`), else undefined: only those may be volatile. */
function topLevelName(part: string): string | undefined {
  const m = /^(?:field|query):([^[]+)$/.exec(part) ?? /^json:\$\.([^.[]+)$/.exec(part);
  return m?.[1];
}

/** A nonce, a referer: short printable ASCII. A "volatile" field holding anything else is content and is bound. */
const tokenLike = /^[\x21-\x7e]{0,256}$/;

/**
 * What "the same request" means for approve-for-resubmission: the site
 * (Host), the endpoint (effective method and path), every part the CMS
 * reads (query, fields, files, names, part headers) byte for byte and in
 * order (PHP keeps the last of two same-named fields, so order matters),
 * and `bound` (the whole JSON text: its numbers, booleans and nulls are
 * content too). Only a top-level volatile field (a nonce, a referer)
 * holding a short token may differ between submissions.
 */
export function contentHash(host: string, target: CmsTarget, parts: ScanPart[], summaries: PartSummary[], volatileFields: string[], bound: Buffer[] = []): string {
  const volatile = new Set(volatileFields.map((f) => f.toLowerCase()));
  const lines = summaries
    .filter((s, i) => {
      const name = topLevelName(s.part.replace(/#decoded$/, ''));
      return !(name && volatile.has(name.toLowerCase()) && tokenLike.test(parts[i]!.bytes.toString('latin1')));
    })
    .map((p) => `${p.part}\u0000${p.file ?? ''}\u0000${p.sha256}`);
  return sha256(`${host}\n${target.method} ${target.path}\n${lines.join('\n')}\n${bound.map((b) => sha256(b)).join('\n')}`);
}
