import iconv from 'iconv-lite';
import { emptyDocument, type Document, type TextLine } from './document.js';
import type { Extractor } from './extractor.js';

/** \fcharsetN → the code page its bytes are in (the Windows charsets Chinese documents use, and the common others). */
const charsets: Record<number, string> = { 0: 'cp1252', 128: 'shift_jis', 129: 'cp949', 134: 'gbk', 136: 'big5', 161: 'cp1253', 162: 'cp1254', 204: 'cp1251', 222: 'cp874', 238: 'cp1250' };

/** Destinations whose text nobody sees (tables of fonts, colours, styles, lists, revision ids, theme data, bookmarks). */
const skipped = new Set(['fonttbl', 'colortbl', 'stylesheet', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'themedata', 'colorschememapping', 'datastore', 'latentstyles', 'xmlnstbl', 'pgdsctbl', 'filetbl', 'revtbl', 'bkmkstart', 'bkmkend', 'objdata', 'blipuid', 'mmathPr', 'listtext', 'pntext', 'pntxta', 'pntxtb', 'wgrffmtfilter', 'panose', 'falt', 'fname', 'nonshppict']);
/** Destinations that are page headers and footers, and document properties. */
const headers = new Set(['header', 'headerl', 'headerr', 'headerf']);
const footers = new Set(['footer', 'footerl', 'footerr', 'footerf']);
const properties = new Set(['title', 'subject', 'author', 'keywords', 'doccomm', 'company', 'category', 'manager', 'operator']);
const breaks = new Set(['par', 'line', 'row', 'sect', 'page', 'cell', 'nestcell']);
const characters: Record<string, string> = { tab: ' ', emdash: '—', endash: '–', lquote: '‘', rquote: '’', ldblquote: '“', rdblquote: '”', bullet: '•', emspace: ' ', enspace: ' ', qmspace: ' ' };

/** Where a group's text goes; `info` holds properties but shows nothing itself. */
type Sink = 'body' | 'header' | 'footer' | 'info' | 'metadata' | 'picture' | 'skip';

interface State {
  sink: Sink;
  /** Characters to skip after \uN (\ucN). */
  uc: number;
  /** \v: hidden text, read as written only. */
  hidden: boolean;
  font: number;
}

/** A paragraph as shown and as written (hidden text in). */
class Paragraphs {
  readonly lines: Array<{ shown: string; written: string }> = [];
  private shown = '';
  private written = '';
  add(text: string, hidden: boolean): void {
    this.written += text;
    if (!hidden) this.shown += text;
  }
  end(): void {
    const shown = this.shown.replace(/\s+/g, ' ').trim();
    const written = this.written.replace(/\s+/g, ' ').trim();
    if (shown || written) this.lines.push({ shown, written });
    this.shown = this.written = '';
  }
}

/** Font number → code page, from the font table. */
function fontCharsets(rtf: string): Map<number, string> {
  const out = new Map<number, string>();
  const table = /\{\\fonttbl([\s\S]*?)\}\s*(?:\{\\colortbl|\{\\\*|\{\\stylesheet|\\)/.exec(rtf)?.[1] ?? '';
  for (const m of table.matchAll(/\\f(\d+)[^;{}]*?\\fcharset(\d+)/g)) {
    const cp = charsets[Number(m[2])];
    if (cp) out.set(Number(m[1]), cp);
  }
  return out;
}

/**
 * Reads RTF as Word shows it: body paragraphs, page headers and footers
 * (header zone), field results and instructions, document properties, and
 * pictures (\pict, hex or \bin) as nested files. Bytes (\'hh) are decoded in
 * the current font's charset, else the document's code page (\ansicpgN);
 * \uN is Unicode with its \ucN fallback skipped. Hidden text (\v) is read as
 * written only, so it can neither split a mark nor put a quotation mark
 * before one.
 */
export function readRtf(rtf: string): { body: Paragraphs; header: Paragraphs; footer: Paragraphs; metadata: string[]; pictures: Buffer[] } {
  const fonts = fontCharsets(rtf);
  const ansi = /\\ansicpg(\d+)/.exec(rtf)?.[1];
  const documentCp = ansi && iconv.encodingExists(`cp${ansi}`) ? `cp${ansi}` : 'cp1252';
  const body = new Paragraphs();
  const header = new Paragraphs();
  const footer = new Paragraphs();
  const sinks: Partial<Record<Sink, Paragraphs>> = { body, header, footer };
  const metadata: string[] = [];
  const pictures: Buffer[] = [];
  const stack: State[] = [];
  let state: State = { sink: 'body', uc: 1, hidden: false, font: -1 };
  let bytes: number[] = [];
  let property = '';
  let picture = '';
  let skipChars = 0;
  const out = (text: string) => {
    if (state.sink === 'metadata') property += text;
    else sinks[state.sink]?.add(text, state.hidden);
  };
  const flush = () => {
    if (!bytes.length) return;
    out(iconv.decode(Buffer.from(bytes), fonts.get(state.font) ?? documentCp));
    bytes = [];
  };
  const re = /\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([\r\n]+)|([^\\{}\r\n]+)/g;
  let destinationNext = false;
  for (let m = re.exec(rtf); m; m = re.exec(rtf)) {
    const [, word, param, hex, symbol, brace, , text] = m;
    if (hex !== undefined) {
      if (skipChars > 0) skipChars--;
      else if (state.sink === 'picture') picture += hex;
      else bytes.push(parseInt(hex, 16));
      continue;
    }
    if (m[6] !== undefined) continue; // line breaks in RTF source are not text
    flush();
    if (brace === '{') {
      stack.push(state);
      state = { ...state };
      destinationNext = false;
      continue;
    }
    if (brace === '}') {
      if (state.sink === 'metadata' && stack.at(-1)?.sink !== 'metadata' && property.trim()) metadata.push(property.trim());
      if (state.sink === 'picture' && stack.at(-1)?.sink !== 'picture' && picture) pictures.push(Buffer.from(picture.replace(/[^0-9a-fA-F]/g, ''), 'hex'));
      if (stack.at(-1)?.sink !== state.sink) sinks[state.sink]?.end();
      state = stack.pop() ?? state;
      continue;
    }
    if (symbol !== undefined) {
      if (symbol === '*') destinationNext = true;
      else if (skipChars > 0) skipChars--;
      else if (symbol === '~') out(' ');
      else if (symbol === '_') out('-');
      else if ('\\{}'.includes(symbol)) out(symbol);
      continue;
    }
    if (word !== undefined) {
      const n = param === undefined ? undefined : Number(param);
      if (skipChars > 0 && word !== 'bin') {
        skipChars--;
        continue;
      }
      if (word === 'bin' && n !== undefined && n > 0) {
        if (state.sink === 'picture') picture += Buffer.from(rtf.slice(re.lastIndex, re.lastIndex + n), 'latin1').toString('hex');
        re.lastIndex += n;
        continue;
      }
      const open = state.sink !== 'skip';
      if (skipped.has(word) || (destinationNext && !headers.has(word) && !footers.has(word) && !properties.has(word) && word !== 'fldinst' && word !== 'shppict')) state.sink = 'skip';
      else if (word === 'pict' && open) {
        state.sink = 'picture';
        picture = '';
      } else if (headers.has(word) && open) state.sink = 'header';
      else if (footers.has(word) && open) state.sink = 'footer';
      else if (word === 'info' && open) state.sink = 'info';
      else if (properties.has(word) && open) {
        state.sink = 'metadata';
        property = '';
      }
      else if (word === 'uc' && n !== undefined) state.uc = n;
      else if (word === 'u' && n !== undefined) {
        out(String.fromCharCode(n < 0 ? n + 65536 : n));
        skipChars = state.uc;
      } else if (word === 'f' && n !== undefined) state.font = n;
      else if (word === 'v') state.hidden = n !== 0;
      else if (word === 'plain') state.hidden = false;
      else if (breaks.has(word)) sinks[state.sink]?.end();
      else if (characters[word]) out(characters[word]!);
      destinationNext = false;
      continue;
    }
    if (text !== undefined) {
      if (skipChars > 0) {
        const skip = Math.min(skipChars, text.length);
        skipChars -= skip;
        if (skip < text.length) out(text.slice(skip));
      } else if (state.sink === 'picture') picture += text;
      else out(text);
    }
  }
  flush();
  body.end();
  return { body, header, footer, metadata, pictures };
}

function paragraphLines(p: Paragraphs, headerFirst: number): TextLine[] {
  return p.lines.flatMap(({ shown, written }, i): TextLine[] => {
    const zone = i < headerFirst ? 'header' : 'body';
    const line: TextLine[] = shown ? [{ text: shown, origin: 'visible', zone }] : [];
    return written === shown ? line : [...line, { text: written, origin: 'hidden', zone }];
  });
}

/** RTF files (and altChunk imports in RTF): page headers, body, footers, properties, then pictures through the registry. */
export const rtfExtractor: Extractor = {
  id: 'rtf',
  mediaTypes: ['application/rtf'],
  async extract(input, mediaType, ctx): Promise<Document> {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const read = readRtf(input.bytes.toString('latin1'));
    doc.pages.push({
      number: 1,
      lines: [
        ...paragraphLines(read.header, Infinity),
        ...paragraphLines(read.body, ctx.limits.headerLines),
        ...paragraphLines(read.footer, 0),
        ...read.metadata.map((text): TextLine => ({ text, origin: 'metadata', zone: 'body' })),
      ],
    });
    for (const [i, bytes] of read.pictures.entries()) {
      doc.children.push(await ctx.extractNested({ part: input.part, file: `${input.file ?? 'document'}/picture${i + 1}`, bytes, depth: input.depth + 1 }));
    }
    return doc;
  },
};
