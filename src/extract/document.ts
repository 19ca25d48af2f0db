import { applyBidiControls } from './bidi.js';

/**
 * The Document tree every extractor returns: pages of text lines, each line with
 * where it came from, so rules can use layout (the header zone of page 1) and
 * findings can point back to a part, file, page, line and box.
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where in the source a line of text was found. Hidden text is still text. */
export type TextOrigin =
  | 'visible'
  | 'title'
  | 'attribute'
  | 'comment'
  | 'hidden'
  | 'noscript'
  | 'metadata'
  | 'field'
  /** Text beside the document's flow: another part of a package (a chart, a master, custom XML), a script's strings, an attribute's value. */
  | 'aside'
  /** A web page's site chrome around the document (navigation, page title, meta line, disclosure table, footer): shown, but not the document. */
  | 'chrome';

/** GB/T 9704 zones: 版头 (header), 主体 (body), 版记 (end matter). */
export type Zone = 'header' | 'body' | 'end';

export interface TextLine {
  text: string;
  origin: TextOrigin;
  zone: Zone;
  box?: Box;
  /** A running page header or footer (printed on every page): in the header zone, but it does not end the document's header. */
  running?: boolean;
}

export interface Page {
  number: number;
  lines: TextLine[];
  /** Page size in the units of the line boxes (PDF points, OFD mm, image pixels), when the format has one. */
  width?: number;
  height?: number;
  /** Red layout evidence found by colour (banner, rule, seal), for image and scanned pages. */
  signals?: Array<{ kind: 'red-banner' | 'red-rule' | 'red-seal'; box: Box }>;
}

/** Why a part (or a piece of one) could not be read; becomes an `unscannable` finding. */
export interface Problem {
  code: UnscannableCode;
  detail: string;
}

export type UnscannableCode =
  | 'unsupported-format'
  | 'malformed'
  | 'ambiguous'
  | 'encrypted'
  | 'too-large'
  | 'too-deep'
  | 'too-many-parts'
  | 'timeout'
  | 'internal-error';

export interface Document {
  /** The request part: a form field, a JSON path, a multipart file field. */
  part: string;
  /** File name, when the part is an uploaded file (or an entry inside one). */
  file?: string;
  mediaType: string;
  pages: Page[];
  /** Embedded content read on its own: data: URIs, attachments, archive entries. */
  children: Document[];
  problems: Problem[];
  /** Set on a second reading of the same text bytes in another charset (see charset.ts `decodings`). */
  decoding?: string;
  /** The document opens with a picture among its first lines (a 版头 saved as an image): its head is drawn, not cut off. */
  pictureAtHead?: boolean;
}

export interface Location {
  part: string;
  file?: string;
  page?: number;
  line?: number;
  /** Offsets in the original line text. */
  start?: number;
  end?: number;
  box?: Box;
  /** The charset the text was read in, when not the site's own. */
  decoding?: string;
}

/** Where in the request a document sits, for a finding's location. */
export function documentLocation(doc: Document): Location {
  return doc.decoding ? { part: doc.part, file: doc.file, decoding: doc.decoding } : { part: doc.part, file: doc.file };
}

export function emptyDocument(part: string, mediaType: string, file?: string): Document {
  return { part, file, mediaType, pages: [], children: [], problems: [] };
}

/** Lines split from a block of plain text, the first `headerLines` non-empty ones in the header zone. */
export function linesFromText(text: string, origin: TextOrigin, headerLines: number): TextLine[] {
  const lines: TextLine[] = [];
  let seen = 0;
  for (const raw of text.split(/\r\n|\r|\n|\u2028|\u2029/)) {
    const line = raw.trim();
    if (!line) continue;
    lines.push({ text: line, origin, zone: seen < headerLines ? 'header' : 'body' });
    // A right-to-left override shows its text reversed: that is read too.
    const shown = applyBidiControls(line);
    if (shown !== line) lines.push({ text: shown, origin, zone: seen < headerLines ? 'header' : 'body' });
    seen++;
  }
  return lines;
}

/** Every document in a tree, depth first. */
export function* walkDocuments(doc: Document): Generator<Document> {
  yield doc;
  for (const child of doc.children) yield* walkDocuments(child);
}
