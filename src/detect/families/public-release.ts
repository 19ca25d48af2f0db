import { patternFamily } from '../family.js';

/**
 * Evidence of an official public release: it lowers medium evidence only (see
 * scoring.publicDiscount), never a strong mark, since anyone can type it.
 */
export const publicRelease = patternFamily({
  id: 'public-release',
  category: 'public-release',
  description: { zh: '公开发布的证据', en: 'Evidence of an official public release' },
  patterns: [
    {
      id: 'public.release-note',
      severity: 'public',
      score: 0,
      zone: 'any',
      pattern: /\(\s*此\s*[件电]\s*(?:公\s*开\s*发\s*布|主\s*动\s*公\s*开|可\s*公\s*开)\s*\)/g,
      description: { zh: '附注注明公开发布', en: 'note saying the document is published' },
    },
    {
      id: 'public.disclosure-attribute',
      severity: 'public',
      score: 0,
      zone: 'any',
      pattern: /公\s*开\s*(?:方\s*式|属\s*性|形\s*式)(?:\s*[:：])?\s*(?:主\s*动\s*公\s*开|依\s*申\s*请\s*公\s*开)/g,
      description: { zh: '政府信息公开属性', en: 'government-information disclosure attribute' },
    },
    {
      id: 'public.disclosure-index',
      severity: 'public',
      score: 0,
      zone: 'any',
      pattern: /索\s*引\s*号\s*[:：]\s*[0-9A-Za-z\-/]{6,}/g,
      description: { zh: '政府信息公开目录索引号', en: 'disclosure-catalogue index number' },
    },
    {
      id: 'public.news-dateline',
      severity: 'public',
      score: 0,
      zone: 'any',
      pattern: /(?:新华社|人民日报|中新社|央视新闻)[\u4e00-\u9fff]{0,8}\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*电/g,
      description: { zh: '新闻电头', en: 'news-agency dateline' },
    },
  ],
});
