import { isQuotedOrExample } from '../context.js';
import { patternFamily } from '../family.js';

/**
 * Telegrams (电报). A cipher-telegram banner (`密码电报`, `××密传发电`) or an
 * `内部明电` banner at the top is strong; in prose (保密教育 articles) these words
 * are not evidence. Telegram numbers and header fields add up; a 明电 number is
 * weak on its own, since many 明电 are public (国办发明电〔2020〕1号).
 */
/**
 * A telegram's year and number as printed (〔2024〕5号) and as OCR reads a
 * photograph of it: the brackets folded to [], misread as ( or 【, or lost,
 * and 号 read as a look-alike.
 */
const ocrNumber = String.raw`(?:[\[(<{]\s*)?(?:19|20)\d{2}(?:\s*[\])>}])?\s*\d{1,4}\s*[号弓亏呈]`;

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
      id: 'telegram.plain-banner',
      severity: 'medium',
      score: 0.5,
      zone: 'header',
      // An organ's 明电 banner (南屏省人民政府办公厅明电): many 明电 are public, so it adds up with the number and fields.
      // Or set on two lines, the organ above and 明　电 below it.
      pattern: /^\s*(?:[\u4e00-\u9fff][\u4e00-\u9fff\s]{1,30}?)?明\s*(?:电|传\s*真\s*电\s*报)\s*$/g,
      requires: '明',
      description: { zh: '明电版头', en: 'plain-telegram banner' },
      invalidate: (sl) => /内\s*部\s*明\s*电\s*$/.test(sl.norm.text),
    },
    {
      id: 'telegram.cipher-number',
      severity: 'medium',
      score: (line) => (line.zone === 'header' ? 1 : 0.3),
      zone: 'any',
      pattern: new RegExp(String.raw`(?:发\s*电|密\s*电|密\s*传)\s*${ocrNumber}`, 'g'),
      requires: '电',
      description: { zh: '电报编号', en: 'telegram number' },
    },
    {
      id: 'telegram.plain-number',
      severity: 'medium',
      score: (line) => (line.zone === 'header' ? 0.5 : 0),
      zone: 'any',
      pattern: new RegExp(String.raw`明\s*电\s*${ocrNumber}`, 'g'),
      requires: '明',
      description: { zh: '明电编号', en: 'plain-telegram number' },
    },
    {
      id: 'telegram.header-field',
      severity: 'medium',
      score: 0.5,
      zone: 'header',
      // OCR drops or misreads the colon: 等级 then needs its value (特急, 加急 …) to count.
      // 等级 also stands at the right of the number's line (屏政办明电〔2024〕5号　　等级：特急), with its value.
      pattern: /^\s*(?:(?:发\s*往|签\s*批|译\s*传\s*号|总\s*号)\s*[:：.,]?|等\s*级\s*(?:[:：.,]|(?=特|加|平|急)))|(?<!^\s*)等\s*级\s*[:：.,]?\s*(?=特\s*急|加\s*急|平\s*急|特\s*提)/g,
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
