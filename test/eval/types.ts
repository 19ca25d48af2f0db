import type { Category } from '../../src/detect/finding.js';
import type { ScanPart } from '../../src/scanner.js';

/** Page templates the samples are published in; 'bare' and 'attachment' are the document alone. */
export const families = ['trs-wcm', 'dahan-jcms', 'xxgk-detail', 'wordpress-theme', 'cms-json', 'bare', 'attachment'] as const;
export type Family = (typeof families)[number];

/** The families that wrap a document in a full portal page (site chrome around the content block). */
export const pageFamilies: readonly Family[] = ['trs-wcm', 'dahan-jcms', 'xxgk-detail', 'wordpress-theme'];
/** The families that carry the document alone. */
export const bareFamilies: readonly Family[] = ['bare', 'attachment'];

export const formats = ['html', 'html-gbk', 'cms-json', 'text', 'pdf', 'scanned-pdf', 'photo', 'docx', 'ofd'] as const;
export type Format = (typeof formats)[number];

export type Expect = 'allow' | 'hold' | 'block';

export interface EvalSample {
  /** Stable across builds, e.g. 'mark-head/03/trs-wcm-html'. */
  id: string;
  /** The underlying document: its variants share it and always fall in the same split. */
  group: string;
  family: Family;
  format: Format;
  parts: ScanPart[];
  expect: Expect;
  /** Positives: the category of the evidence that must be found. */
  category?: Category;
  /** Positives carrying unambiguous evidence (a 密级 mark at the head, a cipher-telegram banner, a registered copy ≥ 50 chars). */
  strong?: boolean;
  why: string;
}
