import { createHash } from 'node:crypto';
import type { PartSummary } from '../store/store.js';

/** The field name behind a part: `field:content` → content, `json:$.post.title` → title. */
function fieldName(part: string): string {
  if (part.startsWith('field:')) return part.slice(6);
  if (part.startsWith('json:')) return part.slice(part.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  return part;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * What "the same content" means for approve-for-resubmission: every part but
 * the volatile ones (nonces, referers) that change on each submit.
 */
export function contentHash(parts: PartSummary[], volatileFields: string[]): string {
  const volatile = new Set(volatileFields.map((f) => f.toLowerCase()));
  const lines = parts
    .filter((p) => !volatile.has(fieldName(p.part).toLowerCase()))
    .map((p) => `${p.part}\u0000${p.file ?? ''}\u0000${p.sha256}`)
    .sort();
  return sha256(lines.join('\n'));
}
