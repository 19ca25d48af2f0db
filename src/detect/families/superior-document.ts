import type { Hierarchy } from '../../policy/portal.js';
import { findingAt, inZone, matchPatterns, validatePatterns, type RuleFamily, type RulePattern } from '../family.js';
import type { Finding } from '../finding.js';

/**
 * Official-document layout (GB/T 9704-2012 版头) judged against the portal's
 * place in the issuer hierarchy: a superior organ's banner or 发文字号 in the
 * header zone, 份号, 紧急程度 and 签发人 lines, and a document that has end
 * matter (版记) but no header at all, the sign of a cut-off copy. All medium:
 * reposting a superior's PUBLIC document is normal work, so public-release
 * evidence discounts these (scoring.publicDiscount).
 */
const docNumber = /([\u4e00-\u9fff]{1,12}?)\s*\[\s*(?:19|20)\d{2}\s*\]\s*\d{1,4}\s*号/g;
const banner = /^\s*([\u4e00-\u9fff][\u4e00-\u9fff\s]{1,40}?)\s*(?:文\s*件|函|纪\s*要|命\s*令)\s*$/g;
const versionNote = /^\s*(?:抄\s*送|主\s*送)\s*[:：]|印\s*发\s*$/;

const rule = {
  number: { id: 'superior.document-number', severity: 'medium' as const, description: { zh: '文首有上级机关发文字号', en: "a superior organ's document number in the header" } },
  banner: { id: 'superior.issuer-banner', severity: 'medium' as const, description: { zh: '上级机关版头', en: "a superior organ's issuer banner" } },
  cutOff: { id: 'official.cut-off-header', severity: 'medium' as const, description: { zh: '有版记而无版头（疑似截去文头）', en: 'end matter without a header (header cut off?)' } },
};

const layoutPatterns: RulePattern[] = [
  {
    id: 'official.copy-number',
    severity: 'medium',
    score: (line) => (line.index <= 1 ? 0.5 : 0),
    zone: 'header',
    pattern: /^\s*\d{6,7}\s*$/g,
    description: { zh: '文首份号', en: 'copy number at the top' },
  },
  {
    id: 'official.urgency',
    severity: 'medium',
    score: 0.3,
    zone: 'header',
    pattern: /^\s*(?:特\s*急|加\s*急|特\s*提|平\s*急)\s*$/g,
    description: { zh: '紧急程度标志', en: 'urgency mark' },
  },
  {
    id: 'official.signer',
    severity: 'medium',
    score: 0.5,
    zone: 'header',
    pattern: /签\s*发\s*人\s*[:：]/g,
    description: { zh: '签发人（上行文）', en: 'signer line (upward document)' },
  },
];
validatePatterns('superior-document', layoutPatterns);

function squeeze(s: string): string {
  return s.replace(/\s+/g, '');
}

export function superiorDocument(h: Hierarchy): RuleFamily {
  /** The longest prefix, own or superior, that the number's prefix ends with: own wins ties. */
  const isSuperiorPrefix = (prefix: string): boolean => {
    const own = h.ownPrefixes.find((p) => prefix.endsWith(p));
    const sup = h.superiorPrefixes.find((p) => prefix.endsWith(p));
    return sup !== undefined && !/明电$/.test(sup) && (!own || sup.length > own.length);
  };
  const superiorIssuer = (name: string): boolean => {
    const n = squeeze(name);
    if (h.ownIssuers.some((i) => n === i || n.startsWith(i))) return false;
    return h.superiorIssuers.some((i) => n.startsWith(i) || n.includes(i));
  };
  return {
    id: 'superior-document',
    category: 'superior-document',
    description: { zh: '上级机关公文版式', en: "Superior organs' official-document layout" },
    rules: [rule.number, rule.banner, rule.cutOff, ...layoutPatterns.map(({ id, description }) => ({ id, description }))],
    scan(doc, lines, settings) {
      const findings: Finding[] = matchPatterns(layoutPatterns, 'official-layout', doc, lines, settings);
      let headerSignal = false;
      for (const sl of lines) {
        if (!inZone(sl, 'header')) continue;
        docNumber.lastIndex = 0;
        for (let m = docNumber.exec(sl.norm.text); m; m = docNumber.exec(sl.norm.text)) {
          headerSignal = true;
          if (isSuperiorPrefix(m[1]!)) findings.push(findingAt(rule.number, 'superior-document', 1, doc, sl, m.index, m.index + m[0].length, settings));
        }
        banner.lastIndex = 0;
        const b = banner.exec(sl.norm.text);
        if (b) {
          headerSignal = true;
          if (superiorIssuer(b[1]!)) findings.push(findingAt(rule.banner, 'superior-document', 1, doc, sl, b.index, b.index + b[0].length, settings));
        }
      }
      if (!headerSignal && !doc.pictureAtHead) {
        const end = lines.find((sl) => sl.zone === 'end' && versionNote.test(sl.norm.text));
        if (end) findings.push(findingAt(rule.cutOff, 'official-layout', 1, doc, end, 0, end.norm.text.length, settings));
      }
      return findings;
    },
  };
}
