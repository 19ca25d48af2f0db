import { documentLocation } from '../../extract/document.js';
import type { RuleFamily } from '../family.js';
import type { Finding } from '../finding.js';

/**
 * Red layout of an official document seen in an image or scanned page (the
 * extractor's colour statistics): a red banner over a red rule (版头, GB/T 9704
 * §7.2) and a red seal. Medium evidence: it adds to what the text shows (a
 * superior banner read by OCR, a 份号), and a public release discounts it.
 */
const rules = {
  header: { id: 'official.red-header', severity: 'medium' as const, description: { zh: '图片中有红头（红色版头和红线）', en: 'red banner and red rule in an image (official red header)' } },
  seal: { id: 'official.red-seal', severity: 'medium' as const, description: { zh: '图片中有红色印章', en: 'red seal in an image' } },
};

export const redLayout: RuleFamily = {
  id: 'red-layout',
  category: 'official-layout',
  description: { zh: '红头、红线、印章等版式证据', en: 'Red header, rule and seal layout evidence' },
  rules: Object.values(rules),
  scan(doc) {
    const findings: Finding[] = [];
    for (const page of doc.pages) {
      const s = page.signals ?? [];
      const banner = s.find((x) => x.kind === 'red-banner');
      const location = (box: Finding['location']['box']) => ({ ...documentLocation(doc), page: page.number, box });
      if (page.number === 1 && banner && s.some((x) => x.kind === 'red-rule')) {
        findings.push({ rule: rules.header.id, category: 'official-layout', severity: 'medium', score: 0.5, evidence: '红头 red header', description: rules.header.description, location: location(banner.box) });
      }
      const seal = s.find((x) => x.kind === 'red-seal');
      if (seal) findings.push({ rule: rules.seal.id, category: 'official-layout', severity: 'medium', score: 0.3, evidence: '印章 red seal', description: rules.seal.description, location: location(seal.box) });
    }
    return findings;
  },
};
