import type { Location } from '../extract/document.js';

export type Category =
  | 'classified-marking'
  | 'work-secret'
  | 'restricted-circulation'
  | 'telegram'
  | 'superior-document'
  | 'registered-copy'
  | 'unauthorized-source'
  | 'keyword'
  | 'unscannable';

export const categories: readonly Category[] = [
  'classified-marking',
  'work-secret',
  'restricted-circulation',
  'telegram',
  'superior-document',
  'registered-copy',
  'unauthorized-source',
  'keyword',
  'unscannable',
];

/**
 * strong: decides on its own (a 密级 line in the header zone).
 * medium: adds up with other medium evidence towards hold.
 * public: evidence of an official public release; discounts medium evidence.
 */
export type Severity = 'strong' | 'medium' | 'public';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  /** Weight of medium evidence towards the hold/block thresholds. */
  score: number;
  /** The short text that matched (the mark itself), never a paragraph. */
  evidence: string;
  description: Bilingual;
  location: Location;
  /** Strong evidence that sets its own verdict (the registry's block and hold lengths) instead of scoring.strong's. */
  verdict?: 'hold' | 'block';
  /** Every matched span, as offsets in the document's text (lines joined by newlines), for highlighting. */
  spans?: Array<[number, number]>;
}
