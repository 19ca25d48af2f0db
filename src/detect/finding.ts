import type { Location, Zone } from '../extract/document.js';

export type Category =
  | 'classified-marking'
  | 'work-secret'
  | 'restricted-circulation'
  | 'telegram'
  | 'superior-document'
  | 'official-layout'
  | 'public-release'
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
  'official-layout',
  'public-release',
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
  /** The zone of the line it was found on: strong evidence outside a document's head may lead elsewhere (scoring.outsideHeader). */
  zone?: Zone;
  /** A registry match as measured (characters in common, share of the registered document): decide weighs it against the policy. */
  measure?: { chars: number; coverage: number };
  /** Every matched span, as offsets in the document's text (lines joined by newlines), for highlighting. */
  spans?: Array<[number, number]>;
}
