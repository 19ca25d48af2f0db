import { charsetOf, CharsetError, percentDecode } from '../../extract/charset.js';
import type { ScanPart } from '../../scanner.js';
import type { BodyProcessor } from './body-processor.js';

/** application/x-www-form-urlencoded (classic editor, generic CMS forms). */
export const urlencodedProcessor: BodyProcessor = {
  id: 'urlencoded',
  accepts: (mediaType) => mediaType === 'application/x-www-form-urlencoded',
  async parse({ bytes, contentType }) {
    const text = bytes.toString('latin1');
    const pairs = text.split('&').filter(Boolean);
    // HTML forms may say which charset they used in a `_charset_` field.
    const named = pairs.find((p) => p.startsWith('_charset_='))?.slice(10).toLowerCase();
    const charset = charsetOf(contentType) ?? named ?? 'utf-8';
    const parts: ScanPart[] = [];
    try {
      for (const pair of pairs) {
        const eq = pair.indexOf('=');
        const name = percentDecode(eq < 0 ? pair : pair.slice(0, eq), charset);
        const value = eq < 0 ? '' : percentDecode(pair.slice(eq + 1), charset);
        if (value.trim()) parts.push({ part: `field:${name}`, bytes: Buffer.from(value, 'utf8'), text: value });
      }
    } catch (err) {
      if (err instanceof CharsetError) return { parts: [], problems: [{ code: 'malformed', detail: err.message }] };
      throw err;
    }
    return { parts, problems: [] };
  },
};
