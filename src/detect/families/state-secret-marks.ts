import { isQuotedOrExample } from '../context.js';
import { patternFamily } from '../family.js';

/**
 * State-secret marks (密级和保密期限, GB/T 9704-2012 §7.2.2): `秘密★1年`,
 * `机密★长期`, `绝密★2030年12月31日`, `机密★会议开始前`, at the top left of
 * the first page. Patterns run on normalised text (star-likes folded to ★).
 */
const period = String.raw`(?:\d{1,2}\s*(?:年|个月)|[一二三四五六七八九十]{1,3}\s*年|长\s*期|\d{4}\s*年.{0,12}|\S{1,16}?(?:前|后|止))`;
const level = String.raw`(?:绝|机|秘)\s*密`;
/** A line that is nothing but a mark: the line rules judge it, not the inline rule. */
// Short lines are matched without their whitespace: the urgency may follow the mark directly.
const urgency = String.raw`(?:\s*(?:特\s*急|加\s*急|平\s*急|特\s*提))?`;
const wholeLineMark = new RegExp(String.raw`^\s*(?:\d{6,7}\s*)?${level}\s*★\s*${period}?${urgency}\s*$`);
/**
 * The same line as OCR reads it. OCR never outputs ★ (chi_sim reads it as 大 女 文 *
 * or drops it): any one character stands in. A bare mark (机密★ → 机密女) has no
 * period, and the 年 of a period may be misread too (10征): digits and one
 * stand-in character will do.
 */
const ocrMarkLine = String.raw`^\s*(?:\d{6,7}\s*)?${level}\s*(?:[^\s\d]\s*(?:${period}|\d{1,2}\s*[^\s\d])?|${period}|\d{1,2}\s*[^\s\d])\s*$`;

/** A form's 密级 field, optionally after a 份号 field: its level is judged by marking.level-field alone. */
const levelField = new RegExp(String.raw`^\s*(?:份\s*号(?:\s*[:：])?\s*\d{1,7}\s*)?密\s*级\s*[:：]\s*${level}(?:\s*★\s*${period}?)?(?=\s|[,，;；]|$)`);

export const stateSecretMarks = patternFamily({
  id: 'state-secret-marks',
  category: 'classified-marking',
  description: { zh: '国家秘密密级标志', en: 'State-secret classification marks' },
  patterns: [
    {
      id: 'marking.level-line',
      severity: 'strong',
      score: 10,
      zone: 'header',
      // Optionally after a 份号 on the same line.
      pattern: new RegExp(wholeLineMark.source, 'g'),
      description: { zh: '文首标有国家秘密密级', en: 'classification mark in the document header' },
    },
    {
      id: 'marking.level-line-ocr',
      severity: 'strong',
      score: 10,
      zone: 'header',
      pattern: new RegExp(ocrMarkLine, 'g'),
      description: { zh: '文首疑似密级标志（★ 缺失或误识）', en: 'classification mark in the header, star misread' },
    },
    {
      id: 'marking.level-line-ocr-body',
      severity: 'medium',
      score: 1,
      zone: 'outside-header',
      // The same misread mark lower on a page, or atop page 2 of a multi-page scan.
      pattern: new RegExp(ocrMarkLine, 'g'),
      description: { zh: '正文中疑似密级标志（★ 缺失或误识）', en: 'classification mark with the star misread, outside the header' },
      // A mark with its ★ intact is marking.level-line-body's.
      invalidate: (sl, m) => m[0].includes('★') || isQuotedOrExample(sl, m),
    },
    {
      id: 'marking.level-field',
      severity: 'strong',
      score: 10,
      zone: 'any',
      // A form's or a disclosure table's 密级 field (密级：秘密), optionally after a 份号 field.
      pattern: new RegExp(levelField.source, 'g'),
      requires: '级',
      description: { zh: '密级栏标有国家秘密密级', en: 'a classification field naming a secret level' },
      invalidate: isQuotedOrExample,
    },
    {
      id: 'marking.level-only',
      severity: 'strong',
      score: 10,
      zone: 'header',
      // GB/T 9704-1999 layouts put the level alone at the top right, often spaced (秘 密).
      pattern: new RegExp(String.raw`^\s*(?:\d{6,7}\s*)?${level}\s*$`, 'g'),
      description: { zh: '文首标有密级', en: 'classification level alone in the document header' },
    },
    {
      id: 'marking.level-line-body',
      severity: 'strong',
      score: 10,
      zone: 'outside-header',
      // The same line as the header rule's (份号 before, urgency after): a line moved out of the head still holds.
      pattern: new RegExp(wholeLineMark.source, 'g'),
      description: { zh: '正文中单独成行的密级标志', en: 'classification mark on a line of its own in the body' },
    },
    {
      id: 'marking.inline',
      severity: 'medium',
      score: 1,
      zone: 'any',
      pattern: new RegExp(String.raw`${level}\s*★(?:\s*${period})?`, 'g'),
      requires: '★',
      description: { zh: '文中出现密级标志', en: 'classification mark inside the text' },
      invalidate: (sl, m) => isQuotedOrExample(sl, m) || wholeLineMark.test(sl.norm.text) || levelField.test(sl.norm.text),
    },
  ],
});
