import type { Problem } from '../../extract/document.js';
import { decodeText } from '../../extract/charset.js';
import type { BodyProcessor } from './body-processor.js';
import { JsonError, jsonStringLeaves } from './json-leaves.js';

/** JSON bodies (WordPress REST, batch, block editor): every string leaf is content. */
export const jsonProcessor: BodyProcessor = {
  id: 'json',
  accepts: (mediaType) => mediaType === 'application/json' || mediaType === 'text/json' || mediaType.endsWith('+json'),
  async parse({ bytes, limits }) {
    try {
      const leaves = jsonStringLeaves(decodeText(bytes), limits.jsonDepth);
      const parts = leaves.filter((l) => l.value.trim()).map((l) => ({ part: `json:${l.path}`, bytes: Buffer.from(l.value, 'utf8'), text: l.value }));
      return { parts, problems: [] };
    } catch (err) {
      if (!(err instanceof JsonError)) throw err;
      const problem: Problem = { code: err.kind, detail: `JSON body: ${err.message}` };
      return { parts: [], problems: [problem] };
    }
  },
};
