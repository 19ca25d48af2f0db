import { emptyDocument, linesFromText } from './document.js';
import { textOf, type Extractor } from './extractor.js';

export const textExtractor: Extractor = {
  id: 'text',
  mediaTypes: ['text/plain'],
  text: true,
  async extract(input, mediaType, ctx) {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const text = textOf(input);
    doc.pages.push({ number: 1, lines: linesFromText(text, 'visible', ctx.limits.headerLines) });
    return doc;
  },
};
