import type { SourcePolicy } from '../../policy/schema.js';
import type { Hierarchy } from '../../policy/portal.js';
import { findingAt, type RuleFamily } from '../family.js';
import type { Finding } from '../finding.js';

/**
 * A repost names where it came from: a CMS source field, or a `来源：` /
 * `转载自` line. A source that is a website (a domain, or a name ending in 网,
 * 网站, 客户端, 公众号 …) must be on the policy's list of authorised sources;
 * government units as sources (县教育局) are the portal's ordinary contributors.
 */
const sourceLine = /(?:来\s*源|稿\s*源|信息来源|文章来源|转\s*载\s*自|转\s*自)(?:\s*[:：])?\s*([^\s|｜,;；]{2,60})/g;
const website = /(?:[a-z0-9-]+\.)+[a-z]{2,}|(?:网|网站|新闻网|客户端|公众号|微信|微博|论坛|贴吧|头条号|百家号)$/i;
const rule = { id: 'source.unauthorized', severity: 'strong' as const, description: { zh: '转载来源不在授权名单内', en: 'repost from a source not on the authorised list' } };

export function repostSource(policy: SourcePolicy, h: Hierarchy, portalName: string | undefined): RuleFamily {
  const authorised = policy.authorised.map((s) => s.toLowerCase());
  const own = [...h.ownIssuers, portalName ?? '', '本网', '本站'].filter(Boolean);
  // A superior organ publishes on its own website: a repost from 某省人民政府网 is ordinary work, but only that exact name (not 某省人民政府信息爆料网).
  const superiorSite = (s: string) => h.superiorIssuers.some((i) => new RegExp(`^${i}(?:门户)?(?:网站|网|官网|门户网站)$`).test(s.replace(/\s+/g, '')));
  const fields = new Set(policy.fields.map((f) => f.toLowerCase()));
  const isAuthorised = (source: string): boolean => {
    const s = source.toLowerCase();
    if (own.some((o) => s.includes(o)) || superiorSite(source)) return true;
    const domain = /(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})/.exec(s)?.[1];
    return authorised.some((a) => (domain ? domain === a || domain.endsWith(`.${a}`) : s.includes(a)));
  };
  const fieldOf = (part: string) => (part.startsWith('field:') ? part.slice(6) : part.startsWith('json:') ? part.slice(part.lastIndexOf('.') + 1) : '').toLowerCase();
  return {
    id: 'repost-source',
    category: 'unauthorized-source',
    description: { zh: '转载来源核查', en: 'Repost source check' },
    rules: [rule],
    scan(doc, lines, settings) {
      if (!policy.enabled) return [];
      const findings: Finding[] = [];
      const wholeFieldIsSource = fields.has(fieldOf(doc.part));
      for (const sl of lines) {
        if (wholeFieldIsSource) {
          const source = sl.norm.text.trim();
          if (source && !isAuthorised(source)) findings.push(findingAt(rule, 'unauthorized-source', 0, doc, sl, 0, sl.norm.text.length, settings));
          continue;
        }
        sourceLine.lastIndex = 0;
        for (let m = sourceLine.exec(sl.norm.text); m; m = sourceLine.exec(sl.norm.text)) {
          const source = m[1]!;
          if (website.test(source) && !isAuthorised(source)) findings.push(findingAt(rule, 'unauthorized-source', 0, doc, sl, m.index, m.index + m[0].length, settings));
        }
      }
      return findings;
    },
  };
}
