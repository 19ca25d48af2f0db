import { documentLocation, type Document } from '../extract/document.js';
import type { Bilingual, Category, Finding, Severity } from './finding.js';
import type { ScanLine } from './layout.js';
import { originalSpan } from './normalise.js';

export interface DetectSettings {
  evidenceChars: number;
}

export type ZoneFilter = 'header' | 'body' | 'end' | 'any' | 'outside-header';

/** A named pattern of a rule family (compiled once, at load). */
export interface RulePattern {
  id: string;
  severity: Severity;
  /** Weight towards the thresholds; a function may weigh the match in context (0 drops it). */
  score: number | ((line: ScanLine, match: RegExpExecArray) => number);
  pattern: RegExp;
  /** Which lines the pattern looks at. */
  zone: ZoneFilter;
  description: Bilingual;
  /** Drops a match the context shows to be harmless (quoted, an example). */
  invalidate?: (line: ScanLine, match: RegExpExecArray) => boolean;
  /** A character every match contains: lines without it skip the RegExp (most lines, most patterns). */
  requires?: string;
}

/** A detection rule family: one file each in families/. */
export interface RuleFamily {
  id: string;
  category: Category;
  description: Bilingual;
  /** Every rule id the family can report, with its description (docs/rules.md lists them all). */
  rules: Array<{ id: string; description: Bilingual }>;
  scan(doc: Document, lines: ScanLine[], settings: DetectSettings): Finding[];
}

export function inZone(line: ScanLine, zone: ZoneFilter): boolean {
  return zone === 'any' || (zone === 'outside-header' ? line.zone !== 'header' : line.zone === zone);
}

/** A finding for normalised span [from, to) of a line, with evidence and location in the original. */
export function findingAt(
  rule: { id: string; severity: Severity; description: Bilingual },
  category: Category,
  score: number,
  doc: Document,
  sl: ScanLine,
  from: number,
  to: number,
  s: DetectSettings,
): Finding {
  const { start, end } = originalSpan(sl.norm, from, to);
  return {
    rule: rule.id,
    category,
    severity: rule.severity,
    score,
    evidence: sl.text.slice(start, end).trim().slice(0, s.evidenceChars),
    description: rule.description,
    location: { ...documentLocation(doc), page: sl.page, line: sl.index + 1, start, end, box: sl.box },
    zone: sl.zone,
  };
}

/** Checks a family's patterns when it loads (presidio-style): ids unique, scores in range, patterns global. */
export function validatePatterns(familyId: string, patterns: RulePattern[]): void {
  const ids = new Set<string>();
  for (const p of patterns) {
    if (ids.has(p.id)) throw new Error(`rule family ${familyId}: pattern id ${p.id} is used twice`);
    ids.add(p.id);
    if (typeof p.score === 'number' && !(p.score >= 0 && p.score <= 10)) throw new Error(`rule ${p.id}: score ${p.score} out of range 0..10`);
    if (!p.pattern.global) throw new Error(`rule ${p.id}: pattern must be global (/g)`);
  }
}

/** Runs declarative patterns over the lines of a document. */
export function matchPatterns(patterns: RulePattern[], category: Category, doc: Document, lines: ScanLine[], settings: DetectSettings): Finding[] {
  const findings: Finding[] = [];
  for (const sl of lines) {
    for (const p of patterns) {
      if (!inZone(sl, p.zone) || (p.requires !== undefined && !sl.norm.text.includes(p.requires))) continue;
      p.pattern.lastIndex = 0;
      for (let m = p.pattern.exec(sl.norm.text); m; m = p.pattern.exec(sl.norm.text)) {
        if (m[0].length === 0) {
          p.pattern.lastIndex++;
          continue;
        }
        if (p.invalidate?.(sl, m)) continue;
        const score = typeof p.score === 'number' ? p.score : p.score(sl, m);
        if (score > 0 || p.severity !== 'medium') findings.push(findingAt(p, category, score, doc, sl, m.index, m.index + m[0].length, settings));
      }
    }
  }
  return findings;
}

/** Builds a family from declarative patterns. */
export function patternFamily(spec: { id: string; category: Category; description: Bilingual; patterns: RulePattern[] }): RuleFamily {
  validatePatterns(spec.id, spec.patterns);
  return {
    id: spec.id,
    category: spec.category,
    description: spec.description,
    rules: spec.patterns.map(({ id, description }) => ({ id, description })),
    scan: (doc, lines, settings) => matchPatterns(spec.patterns, spec.category, doc, lines, settings),
  };
}
