import { isQuotedOrExample } from '../context.js';
import { patternFamily } from '../family.js';

/**
 * Work-secret marks (工作秘密, 内部事项) at the top of the first page. Local rules
 * forbid putting any of these online. In running text (内部控制, 单位内部) they
 * are ordinary words: only a line that is nothing but the mark counts.
 */
const mark = String.raw`(?:内\s*部(?:\s*(?:资\s*料|文\s*件|事\s*项|明\s*电|刊\s*物|参\s*阅|情\s*况|材\s*料))?|工\s*作\s*秘\s*密)`;
const care = String.raw`(?:[,、\s]*(?:注\s*意\s*保\s*[存管密]|妥\s*善\s*保\s*管|不\s*得\s*外\s*传|严\s*禁\s*外\s*传|不\s*得\s*翻\s*印))`;

export const workSecretMarks = patternFamily({
  id: 'work-secret-marks',
  category: 'work-secret',
  description: { zh: '工作秘密和内部标志', en: 'Work-secret and internal-use marks' },
  patterns: [
    {
      id: 'work-secret.mark-line',
      severity: 'strong',
      score: 10,
      zone: 'header',
      pattern: new RegExp(String.raw`^\s*(?:\d{6,7}\s*)?${mark}\s*${care}?\s*$`, 'g'),
      description: { zh: '文首标有“内部”或“工作秘密”', en: 'internal / work-secret mark in the document header' },
    },
    {
      id: 'work-secret.care-line',
      severity: 'strong',
      score: 10,
      zone: 'header',
      pattern: new RegExp(String.raw`^\s*(?:此\s*件\s*)?(?:不\s*得\s*外\s*传|严\s*禁\s*外\s*传|不\s*得\s*翻\s*印|注\s*意\s*保\s*存)\s*$`, 'g'),
      description: { zh: '文首标有“不得外传”等限制', en: 'do-not-circulate mark in the document header' },
    },
    {
      id: 'work-secret.mark-line-body',
      severity: 'strong',
      score: 10,
      zone: 'outside-header',
      pattern: new RegExp(String.raw`^\s*(?:\d{6,7}\s*)?(?:内\s*部\s*(?:资\s*料|文\s*件|事\s*项|明\s*电)|工\s*作\s*秘\s*密)\s*${care}?\s*$`, 'g'),
      description: { zh: '正文中单独成行的内部标志', en: 'internal mark on a line of its own in the body' },
      invalidate: isQuotedOrExample,
    },
    {
      id: 'work-secret.not-for-release',
      severity: 'strong',
      score: 10,
      zone: 'any',
      // A disclosure table's 公开方式 field, or the same attribute under the date: the document is not for the website.
      pattern: /公\s*开\s*(?:方\s*式|属\s*性|形\s*式|类\s*型)(?:\s*[:：])?\s*(?:不\s*予\s*公\s*开|不\s*公\s*开|非\s*公\s*开)/g,
      requires: '公',
      description: { zh: '公开属性为“不予公开”', en: 'disclosure attribute says not for release' },
      invalidate: isQuotedOrExample,
    },
  ],
});
