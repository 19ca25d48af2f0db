import type { Document, TextLine } from '../extract/document.js';
import type { Bilingual, Category, Finding, Severity } from './finding.js';
import { normalise, originalSpan, type Normalised } from './normalise.js';

export interface DetectSettings {
  evidenceChars: number;
}

/** A line ready for rules: the original, its normalised form, and where it sits. */
export interface ScanLine {
  line: TextLine;
  norm: Normalised;
  page: number;
  index: number;
}

/** A named pattern of a rule family (compiled once, at load). */
export interface RulePattern {
  id: string;
  severity: Severity;
  score: number;
  pattern: RegExp;
  /** Which lines the pattern looks at. */
  zone: 'header' | 'any' | 'outside-header';
  description: Bilingual;
  /** Drops a match the context shows to be harmless (quoted, an example). */
  invalidate?: (line: ScanLine, match: RegExpExecArray) => boolean;
}

/** A detection rule family: one file each in families/. */
export interface RuleFamily {
  id: string;
  category: Category;
  description: Bilingual;
  scan(doc: Document, lines: ScanLine[], settings: DetectSettings): Finding[];
}

export function scanLines(doc: Document): ScanLine[] {
  const out: ScanLine[] = [];
  for (const page of doc.pages) {
    page.lines.forEach((line, index) => out.push({ line, norm: normalise(line.text), page: page.number, index }));
  }
  return out;
}

/** Builds a family from declarative patterns, validating them at load (presidio-style). */
export function patternFamily(spec: { id: string; category: Category; description: Bilingual; patterns: RulePattern[] }): RuleFamily {
  const ids = new Set<string>();
  for (const p of spec.patterns) {
    if (ids.has(p.id)) throw new Error(`rule family ${spec.id}: pattern id ${p.id} is used twice`);
    ids.add(p.id);
    if (!(p.score >= 0 && p.score <= 10)) throw new Error(`rule ${p.id}: score ${p.score} out of range 0..10`);
    if (!p.pattern.global) throw new Error(`rule ${p.id}: pattern must be global (/g)`);
  }
  return {
    id: spec.id,
    category: spec.category,
    description: spec.description,
    scan(doc, lines, settings) {
      const findings: Finding[] = [];
      for (const sl of lines) {
        const inHeader = sl.line.zone === 'header';
        for (const p of spec.patterns) {
          if ((p.zone === 'header' && !inHeader) || (p.zone === 'outside-header' && inHeader)) continue;
          p.pattern.lastIndex = 0;
          for (let m = p.pattern.exec(sl.norm.text); m; m = p.pattern.exec(sl.norm.text)) {
            if (m[0].length === 0) p.pattern.lastIndex++;
            else if (!p.invalidate?.(sl, m)) findings.push(findingAt(spec.category, p, doc, sl, m, settings));
          }
        }
      }
      return findings;
    },
  };
}

function findingAt(category: Category, p: RulePattern, doc: Document, sl: ScanLine, m: RegExpExecArray, s: DetectSettings): Finding {
  const { start, end } = originalSpan(sl.norm, m.index, m.index + m[0].length);
  const evidence = sl.line.text.slice(start, end).trim().slice(0, s.evidenceChars);
  return {
    rule: p.id,
    category,
    severity: p.severity,
    score: p.score,
    evidence,
    description: p.description,
    location: { part: doc.part, file: doc.file, page: sl.page, line: sl.index + 1, start, end, box: sl.line.box },
  };
}
