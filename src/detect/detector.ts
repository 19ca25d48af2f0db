import { documentLocation, walkDocuments, type Document } from '../extract/document.js';
import type { DetectSettings, RuleFamily } from './family.js';
import { scanLines } from './layout.js';
import type { Finding } from './finding.js';

const rank = { strong: 3, medium: 2, public: 1 } as const;

/** Runs every rule family over a document tree, then removes duplicate findings. */
export class Detector {
  constructor(
    private readonly families: RuleFamily[],
    private readonly settings: DetectSettings,
  ) {
    const ids = new Set<string>();
    for (const f of families) {
      if (ids.has(f.id)) throw new Error(`rule family ${f.id} registered twice`);
      ids.add(f.id);
    }
  }

  detect(root: Document): Finding[] {
    const findings: Finding[] = [];
    for (const doc of walkDocuments(root)) {
      for (const problem of doc.problems) findings.push(unscannable(doc, problem.code, problem.detail, this.settings));
      const lines = scanLines(doc);
      for (const family of this.families) {
        try {
          findings.push(...family.scan(doc, lines, this.settings));
        } catch (err) {
          // A broken rule must not make content pass: it is an internal error, which holds.
          findings.push(unscannable(doc, 'internal-error', `rule family ${family.id}: ${(err as Error).message}`, this.settings));
        }
      }
    }
    return dedupe(withoutEchoes(findings));
  }

  /** Findings for a document's problems alone, without running any rule. */
  problems(doc: Document): Finding[] {
    return doc.problems.map((p) => unscannable(doc, p.code, p.detail, this.settings));
  }
}

/** The finding for content that could not be read (a document's problem): `unscannable.<code>`, strong. */
export function unscannable(doc: Document, code: string, detail: string, s: Pick<DetectSettings, 'evidenceChars'>): Finding {
  return {
    rule: `unscannable.${code}`,
    category: 'unscannable',
    severity: 'strong',
    score: 0,
    evidence: detail.slice(0, s.evidenceChars * 2),
    description: { zh: '内容无法完整检查', en: 'content could not be fully scanned' },
    location: documentLocation(doc),
  };
}

/**
 * Another reading of the same part (the text as written beside the page as
 * shown, another charset, the written view of that charset's reading) finds
 * mostly the same marks: a finding from a reading with a `decoding` is
 * dropped when another reading of the part already has the same rule with
 * the same evidence, so evidence is counted once however many ways the part
 * is read.
 */
function withoutEchoes(findings: Finding[]): Finding[] {
  const key = (f: Finding) => `${f.location.part}\u0000${f.location.file ?? ''}\u0000${f.rule}\u0000${f.evidence}`;
  const seen = new Set(findings.filter((f) => !f.location.decoding).map(key));
  return findings.filter((f) => {
    if (!f.location.decoding) return true;
    const k = key(f);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Several patterns may match one span (a mark line and its OCR-fuzzy twin): keep the strongest. */
function dedupe(findings: Finding[]): Finding[] {
  const best = new Map<string, Finding>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.location.start === undefined) {
      out.push(f);
      continue;
    }
    const l = f.location;
    const key = `${l.part}\u0000${l.file ?? ''}\u0000${l.page}\u0000${l.line}\u0000${l.start}\u0000${l.end}\u0000${f.category}`;
    const seen = best.get(key);
    if (!seen || rank[f.severity] > rank[seen.severity] || (rank[f.severity] === rank[seen.severity] && f.score > seen.score)) best.set(key, f);
  }
  return [...out, ...best.values()];
}
