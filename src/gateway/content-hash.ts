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

/** The field name behind a part: `field:content` → content, `json:$.post.title` → title. */
function fieldName(part: string): string {
  const colon = part.indexOf(':');
  const name = colon < 0 ? part : part.slice(colon + 1);
  return part.startsWith('json:') ? name.slice(name.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '') : name;
}

/** A nonce, a referer: short printable ASCII. A "volatile" field holding anything else is content and is bound. */
const tokenLike = /^[\x21-\x7e]{0,256}$/;

/**
 * What "the same request" means for approve-for-resubmission: the endpoint
 * (effective method and path) and every part the CMS reads (query, fields,
 * files, names), byte for byte; only a volatile field (a nonce, a referer)
 * holding a short token may differ between submissions.
 */
export function contentHash(target: CmsTarget, parts: ScanPart[], summaries: PartSummary[], volatileFields: string[]): string {
  const volatile = new Set(volatileFields.map((f) => f.toLowerCase()));
  const lines = summaries
    .filter((s, i) => !(volatile.has(fieldName(s.part).replace(/#decoded$/, '').toLowerCase()) && tokenLike.test(parts[i]!.bytes.toString('latin1'))))
    .map((p) => `${p.part}\u0000${p.file ?? ''}\u0000${p.sha256}`)
    .sort();
  return sha256(`${target.method} ${target.path}\n${lines.join('\n')}`);
}
