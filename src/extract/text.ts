import { charsetOf, decodeText } from './charset.js';
import { emptyDocument, linesFromText } from './document.js';
import type { Extractor } from './extractor.js';

export const textExtractor: Extractor = {
  id: 'text',
  mediaTypes: ['text/plain'],
  async extract(input, mediaType, ctx) {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const text = decodeText(input.bytes, charsetOf(input.declaredType));
    doc.pages.push({ number: 1, lines: linesFromText(text, 'visible', ctx.limits.headerLines) });
    return doc;
  },
};
