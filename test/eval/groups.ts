/**
 * A labelled group: one underlying document, the variants it is published
 * in, and the verdict a security officer wants for every one of them.
 */
import type { Category } from '../../src/detect/finding.js';
import type { Doc } from './gongwen.js';
import type { Rand } from './random.js';
import type { Variant } from './render.js';
import type { PageFamily } from './templates.js';
import type { Expect } from './types.js';

export interface GroupSpec {
  group: string;
  doc: Doc;
  variants: Variant[];
  expect: Expect;
  category?: Category;
  strong?: boolean;
  why: string;
  /** Variants that need a different rendering of the document (a retyped telegram beside its photo). */
  alternates?: Array<{ doc: Doc; variants: Variant[] }>;
}

export type BareFormat = 'text' | 'text-file' | 'pdf' | 'docx' | 'ofd';

export function bareVariant(r: Rand, from: readonly BareFormat[] = ['text', 'text-file', 'pdf', 'docx', 'ofd']): Variant {
  const f = r.pick(from);
  if (f === 'text' || f === 'text-file') return { family: 'bare', format: 'text', asFile: f === 'text-file' };
  return { family: 'attachment', format: f };
}

const allPages: PageFamily[] = ['trs-wcm', 'dahan-jcms', 'xxgk-detail', 'wordpress-theme'];

export function pageVariant(r: Rand, from: readonly PageFamily[] = allPages, header?: 'alt' | 'image-part'): Variant {
  const family = r.pick(from);
  const gbk = (family === 'trs-wcm' || family === 'dahan-jcms') && r.chance(0.25);
  return { family, format: gbk ? 'html-gbk' : 'html', asFile: r.chance(0.4), ...(header ? { header } : {}) };
}

/** A bare variant, a page variant and, sometimes, one more (another page, the REST JSON, another bare format). */
export function spread(r: Rand, o: { bare?: readonly BareFormat[]; pages?: readonly PageFamily[]; extra?: number } = {}): Variant[] {
  const out = [bareVariant(r, o.bare), pageVariant(r, o.pages)];
  if (r.chance(o.extra ?? 0.3)) {
    const roll = r();
    out.push(roll < 0.35 ? { family: 'cms-json', format: 'cms-json' } : roll < 0.7 ? pageVariant(r, o.pages) : bareVariant(r, o.bare));
  }
  return dedupe(out);
}

/** Drops a repeated variant (same family, format and mode). */
export function dedupe(vs: Variant[]): Variant[] {
  const seen = new Set<string>();
  return vs.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
