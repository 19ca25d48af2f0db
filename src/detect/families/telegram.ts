import { isQuotedOrExample } from '../context.js';
import { patternFamily } from '../family.js';

/**
 * Telegrams (电报). A cipher-telegram banner (`密码电报`, `××密传发电`) or an
 * `内部明电` banner at the top is strong; in prose (保密教育 articles) these words
 * are not evidence. Telegram numbers and header fields add up; a 明电 number is
 * weak on its own, since many 明电 are public (国办发明电〔2020〕1号).
 */
export const telegram = patternFamily({
  id: 'telegram',
  category: 'telegram',
  description: { zh: '电报版头、字段和电报编号', en: 'Telegram banners, fields and numbers' },
  patterns: [
    {
      id: 'telegram.cipher-banner',
      severity: 'strong',
      score: 10,
      zone: 'header',
      pattern: /^\s*(?:[\u4e00-\u9fff]{0,16}?\s*)?(?:密\s*码\s*电\s*报|密\s*传\s*(?:发\s*)?电(?:\s*报)?)\s*$/g,
      description: { zh: '密码电报版头', en: 'cipher-telegram banner' },
    },
    {
      id: 'telegram.internal-plain-banner',
      severity: 'strong',
      score: 10,
      zone: 'header',
      pattern: /^\s*(?:[\u4e00-\u9fff]{0,16}?\s*)?内\s*部\s*(?:明\s*电|传\s*真\s*电\s*报)\s*$/g,
      description: { zh: '内部明电版头', en: 'internal plain-telegram banner' },
    },
    {
      id: 'telegram.cipher-number',
      severity: 'medium',
      score: (line) => (line.zone === 'header' ? 1 : 0.3),
      zone: 'any',
      pattern: /(?:发\s*电|密\s*电|密\s*传)\s*\[\s*(?:19|20)\d{2}\s*\]\s*\d{1,4}\s*号/g,
      requires: '电',
      description: { zh: '电报编号', en: 'telegram number' },
    },
    {
      id: 'telegram.plain-number',
      severity: 'medium',
      score: (line) => (line.zone === 'header' ? 0.5 : 0),
      zone: 'any',
      pattern: /明\s*电\s*\[\s*(?:19|20)\d{2}\s*\]\s*\d{1,4}\s*号/g,
      requires: '明',
      description: { zh: '明电编号', en: 'plain-telegram number' },
    },
    {
      id: 'telegram.header-field',
      severity: 'medium',
      score: 0.5,
      zone: 'header',
      pattern: /^\s*(?:发\s*往|签\s*批|译\s*传\s*号|总\s*号|等\s*级)\s*[:：]/g,
      description: { zh: '电报版头字段（发往、签批、等级……）', en: 'telegram header field' },
    },
    {
      id: 'telegram.body-phrase',
      severity: 'medium',
      // 此电 alone on a line closes a telegram: stronger than 电报如下 in running text.
      score: (_line, m) => (m[0].includes('此') ? 0.5 : 0.3),
      zone: 'any',
      pattern: /(?:现\s*将|特\s*)?电\s*报\s*如\s*下|^\s*此\s*电\s*(?=[,。]|$)/g,
      requires: '电',
      description: { zh: '电报正文用语', en: 'telegram body phrase' },
      invalidate: isQuotedOrExample,
    },
  ],
});
