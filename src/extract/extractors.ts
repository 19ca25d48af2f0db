import { archiveExtractor } from './archive.js';
import { cfbExtractor } from './cfb.js';
import type { Extractor } from './extractor.js';
import { htmlExtractor } from './html.js';
import { imageExtractor } from './image.js';
import { jsonExtractor } from './json.js';
import { mimeExtractor } from './mime.js';
import { officeExtractor } from './office.js';
import { ofdExtractor } from './ofd.js';
import { pdfExtractor } from './pdf.js';
import { rtfExtractor } from './rtf.js';
import { textExtractor } from './text.js';
import { xmlExtractor } from './xml.js';

/** Every extractor, listed explicitly (no import-order side effects). */
export const extractors: Extractor[] = [htmlExtractor, textExtractor, xmlExtractor, pdfExtractor, officeExtractor, archiveExtractor, imageExtractor, ofdExtractor, cfbExtractor, rtfExtractor, mimeExtractor, jsonExtractor];
