import iconv from 'iconv-lite';
import { emptyDocument, type Document, type TextLine, type TextOrigin } from './document.js';
import type { Extractor } from './extractor.js';

/** \fcharsetN → the code page its bytes are in (the Windows charsets Chinese documents use, and the common others). */
const charsets: Record<number, string> = { 0: 'cp1252', 128: 'shift_jis', 129: 'cp949', 134: 'gbk', 136: 'big5', 161: 'cp1253', 162: 'cp1254', 204: 'cp1251', 222: 'cp874', 238: 'cp1250' };

/** Destinations whose text nobody sees (styles, lists, revision ids, theme data, bookmarks, a shape's fallback picture). */
const skipped = new Set(['stylesheet', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'themedata', 'colorschememapping', 'datastore', 'latentstyles', 'xmlnstbl', 'pgdsctbl', 'filetbl', 'revtbl', 'bkmkstart', 'bkmkend', 'objdata', 'blipuid', 'mmathPr', 'listtext', 'pntext', 'pntxta', 'pntxtb', 'wgrffmtfilter', 'panose', 'falt', 'fname', 'nonshppict', 'shprslt']);
/** Destinations that are page headers and footers, and document properties. */
const headers = new Set(['header', 'headerl', 'headerr', 'headerf']);
const footers = new Set(['footer', 'footerl', 'footerr', 'footerf']);
const properties = new Set(['title', 'subject', 'author', 'keywords', 'doccomm', 'company', 'category', 'manager', 'operator']);
/** Destinations Word knows, so `\*` before them does not make it skip them. */
const known = new Set([...headers, ...footers, ...properties, 'fonttbl', 'colortbl', 'pict', 'shppict', 'info', 'fldinst', 'fldrslt', 'footnote', 'annotation', 'tc', 'xe', 'upr', 'ud', 'shpinst', 'shptxt', 'picprop', 'sp', 'sn', 'sv']);
/** Shape properties (\sp) a reader sees: WordArt text and alt text. */
const shownShapeProperties = /^(?:gtextUNICODE|wzDescription)$/i;
const breaks = new Set(['par', 'line', 'row', 'sect', 'page', 'cell', 'nestcell']);
const characters: Record<string, string> = { tab: ' ', emdash: '—', endash: '–', lquote: '‘', rquote: '’', ldblquote: '“', rdblquote: '”', bullet: '•', emspace: ' ', enspace: ' ', qmspace: ' ' };

/** Text flows read as paragraphs. */
type Flow = 'body' | 'header' | 'footer' | 'footnote' | 'comment';
const flows = new Set<string>(['body', 'header', 'footer', 'footnote', 'comment']);
/** Where a group's text goes: a flow, a collector, a picture, a table, nowhere (`none`: its destinations are still read), or nowhere at all (`skip`). */
type Sink = Flow | 'collect' | 'picture' | 'fonttbl' | 'colortbl' | 'none' | 'skip';

interface Collector {
  text: string;
}

/** Character formatting that can hide text from a printed page. */
interface Look {
  v: boolean;
  deleted: boolean;
  /** Half-points. */
  fs: number;
  /** Colour table indexes; -1 is automatic colour. */
  cf: number;
  highlight: number;
  cb: number;
  chcbpat: number;
}
const plain: Look = { v: false, deleted: false, fs: 24, cf: -1, highlight: 0, cb: 0, chcbpat: 0 };

interface State extends Look {
  sink: Sink;
  /** The flow this group belongs to: where a text box or WordArt in it goes. */
  flow: Flow;
  /** Under \upr: the sink its \ud (Unicode) group reads into. */
  resume?: Sink;
  collect?: Collector;
  shape?: { name: Collector; value: Collector };
  /** Field instructions, index and TOC entries: written only. */
  instruction: boolean;
  /** Runs when the group ends (once, for the group that set it). */
  close?: () => void;
  /** Characters to skip after \uN (\ucN). */
  uc: number;
  font: number;
}

type Colour = 'auto' | 'white' | 'colour';

interface Line {
  shown: string;
  written: string;
  /** A text beside the paragraphs (a field's string literal, WordArt, alt text). */
  aside?: true;
}

/** Paragraphs as shown and as written (hidden text in); a text box or note interrupts the paragraph it is anchored in. */
class Paragraphs {
  readonly lines: Line[] = [];
  private shown = '';
  private written = '';
  private suspended: Array<[string, string]> = [];
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
  aside(text: string): void {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t) this.lines.push({ shown: t, written: t, aside: true });
  }
  /** A nested text (text box, note) starts: the paragraph around it resumes after it. */
  begin(): void {
    this.suspended.push([this.shown, this.written]);
    this.shown = this.written = '';
  }
  finish(): void {
    this.end();
    [this.shown, this.written] = this.suspended.pop() ?? ['', ''];
  }
}

/** The string literals of a field instruction (`QUOTE "…"` shows its literal once updated), unquoted. */
function literals(code: string): string[] {
  return (code.match(/"(?:[^"\\]|\\.)*"/g) ?? []).map((s) => s.slice(1, -1).replace(/\\(.)/g, '$1').trim()).filter(Boolean);
}

const isFlow = (sink: Sink): sink is Flow => flows.has(sink);
/** Near white, as Word's own white and light greys are (each channel F0 or more). */
const whiteEnough = (c: { red?: number; green?: number; blue?: number }) => (c.red ?? 0) >= 240 && (c.green ?? 0) >= 240 && (c.blue ?? 0) >= 240;

const tokens = /\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([\r\n]+)|([^\\{}\r\n]+)/g;

class RtfReader {
  readonly paragraphs: Record<Flow, Paragraphs> = { body: new Paragraphs(), header: new Paragraphs(), footer: new Paragraphs(), footnote: new Paragraphs(), comment: new Paragraphs() };
  readonly metadata: string[] = [];
  readonly pictures: Buffer[] = [];
  private readonly fonts = new Map<number, string>();
  private colours: Colour[] = [];
  private colour: { red?: number; green?: number; blue?: number } = {};
  private codePage = 'cp1252';
  private stack: State[] = [];
  private state: State = { ...plain, sink: 'body', flow: 'body', instruction: false, uc: 1, font: -1 };
  private bytes: number[] = [];
  private skipChars = 0;
  private starred = false;

  read(rtf: string): void {
    const re = new RegExp(tokens.source, 'g');
    for (let m = re.exec(rtf); m; m = re.exec(rtf)) {
      const [, word, param, hex, symbol, brace, newline, text] = m;
      if (hex !== undefined) this.hex(hex);
      if (hex !== undefined || newline !== undefined) continue; // line breaks in RTF source are not text
      this.flush();
      if (brace === '{') this.open();
      else if (brace === '}') this.close();
      else if (symbol !== undefined) this.symbol(symbol);
      else if (word === 'bin' && Number(param) > 0) re.lastIndex += this.binary(rtf.slice(re.lastIndex, re.lastIndex + Number(param)));
      else if (word !== undefined) this.word(word, param === undefined ? undefined : Number(param));
      else if (text !== undefined) this.text(text);
    }
    this.flush();
    // Groups left open at the end still end: a suspended paragraph, a picture, a property.
    while (this.stack.length) this.close();
    for (const p of Object.values(this.paragraphs)) p.end();
  }

  private open(): void {
    this.stack.push(this.state);
    this.state = { ...this.state, close: undefined };
    this.starred = false;
  }

  private close(): void {
    const parent = this.stack.pop();
    if (!parent) return; // a stray } at the top closes nothing
    this.state.close?.();
    this.state = parent;
  }

  private hex(hex: string): void {
    if (this.skipChars > 0) this.skipChars--;
    else if (this.state.sink === 'picture') this.state.collect!.text += hex;
    else this.bytes.push(parseInt(hex, 16));
  }

  /** \binN: raw bytes, part of a picture or nothing. */
  private binary(data: string): number {
    if (this.state.sink === 'picture') this.state.collect!.text += Buffer.from(data, 'latin1').toString('hex');
    return data.length;
  }

  private symbol(symbol: string): void {
    if (symbol === '*') this.starred = true;
    else if (this.skipChars > 0) this.skipChars--;
    else if (symbol === '~') this.out(' ');
    else if (symbol === '_') this.out('-');
    else if ('\\{}'.includes(symbol)) this.out(symbol);
    else if (symbol === '\n' || symbol === '\r') this.paragraphBreak(); // \ and a line end is \par
  }

  private text(text: string): void {
    const skip = Math.min(this.skipChars, text.length);
    this.skipChars -= skip;
    const rest = skip ? text.slice(skip) : text;
    if (!rest) return;
    if (this.state.sink === 'picture') this.state.collect!.text += rest;
    else if (this.state.sink === 'colortbl') this.colourText(rest);
    else this.out(rest);
  }

  private word(word: string, n: number | undefined): void {
    const starred = this.starred;
    this.starred = false;
    if (this.skipChars > 0) {
      this.skipChars--;
      return;
    }
    const s = this.state;
    if (skipped.has(word) || (starred && !known.has(word))) s.sink = 'skip';
    else if (s.sink !== 'skip' && s.sink !== 'fonttbl' && s.sink !== 'colortbl' && this.destination(word)) return;
    else if (this.table(word, n) || this.format(word, n)) return;
    else if (word === 'uc' && n !== undefined) s.uc = n;
    else if (word === 'u' && n !== undefined) {
      this.out(String.fromCharCode(n < 0 ? n + 65536 : n));
      this.skipChars = s.uc;
    } else if (word === 'f' && n !== undefined) s.font = n;
    else if (word === 'ansicpg' && n !== undefined && iconv.encodingExists(`cp${n}`)) this.codePage = `cp${n}`;
    else if (breaks.has(word)) this.paragraphBreak();
    else if (characters[word]) this.out(characters[word]!);
  }

  /** A destination word: where the group's text goes from here on. False when `word` is none. */
  private destination(word: string): boolean {
    const s = this.state;
    if (word === 'fonttbl' || word === 'colortbl') {
      s.sink = word;
      if (word === 'colortbl') [this.colours, this.colour] = [[], {}];
    } else if (word === 'pict') this.picture();
    else if (headers.has(word)) this.enter('header');
    else if (footers.has(word)) this.enter('footer');
    else if (word === 'footnote') this.enter('footnote');
    else if (word === 'annotation') this.enter('comment');
    else if (word === 'shptxt') this.enter(s.flow);
    else if (word === 'info' || word === 'shpinst' || word === 'picprop') s.sink = 'none';
    else if (properties.has(word)) this.property();
    else if (word === 'fldinst') this.fieldInstruction();
    else if (word === 'tc' || word === 'xe') s.instruction = true;
    // \upr holds the same text twice: ANSI (not read) and, in \*\ud, Unicode (read where the \upr text would go).
    else if (word === 'upr') [s.resume, s.sink] = [s.sink, 'none'];
    else if (word === 'ud') s.sink = s.resume ?? s.sink;
    else if (word === 'sp') this.shapeProperty();
    else if ((word === 'sn' || word === 'sv') && s.shape) [s.sink, s.collect] = ['collect', word === 'sn' ? s.shape.name : s.shape.value];
    else return false;
    return true;
  }

  /** A page header, footer, note, comment or text box: paragraphs of their own, in the flow they belong to. */
  private enter(flow: Flow): void {
    const s = this.state;
    const paragraphs = this.paragraphs[flow];
    Object.assign(s, { sink: flow, flow, collect: undefined, instruction: false });
    paragraphs.begin();
    s.close = () => paragraphs.finish();
  }

  private picture(): void {
    const collect = { text: '' };
    Object.assign(this.state, { sink: 'picture', collect });
    this.state.close = () => {
      const hex = collect.text.replace(/[^0-9a-fA-F]/g, '');
      if (hex) this.pictures.push(Buffer.from(hex, 'hex'));
    };
  }

  private property(): void {
    const collect = { text: '' };
    Object.assign(this.state, { sink: 'collect', collect });
    this.state.close = () => {
      if (collect.text.trim()) this.metadata.push(collect.text.trim());
    };
  }

  /** A field instruction is written, not shown; its string literals are what QUOTE and the like show once updated. */
  private fieldInstruction(): void {
    const s = this.state;
    const collect = { text: '' };
    Object.assign(s, { collect, instruction: true });
    const target = s.sink;
    s.close = () => {
      if (isFlow(target)) for (const literal of literals(collect.text)) this.paragraphs[target].aside(literal);
    };
  }

  /** {\sp{\sn name}{\sv value}}: WordArt text and alt text are read beside the flow the shape is in. */
  private shapeProperty(): void {
    const s = this.state;
    const shape = { name: { text: '' }, value: { text: '' } };
    s.shape = shape;
    s.close = () => {
      if (shownShapeProperties.test(shape.name.text.trim())) this.paragraphs[s.flow].aside(shape.value.text);
    };
  }

  /** Font table (\fN … \fcharsetN) and colour table (\redN\greenN\blueN;) entries. */
  private table(word: string, n: number | undefined): boolean {
    const s = this.state;
    if (s.sink === 'fonttbl' && word === 'fcharset' && n !== undefined) {
      const cp = charsets[n];
      if (cp) this.fonts.set(s.font, cp);
      return true;
    }
    if (s.sink === 'colortbl' && (word === 'red' || word === 'green' || word === 'blue')) {
      this.colour[word] = n ?? 0;
      return true;
    }
    return false;
  }

  private colourText(text: string): void {
    for (const ch of text) {
      if (ch !== ';') continue;
      const c = this.colour;
      this.colours.push(c.red === undefined && c.green === undefined && c.blue === undefined ? 'auto' : whiteEnough(c) ? 'white' : 'colour');
      this.colour = {};
    }
  }

  /** Character formatting that decides whether a printed page shows the text. */
  private format(word: string, n: number | undefined): boolean {
    const s = this.state;
    if (word === 'plain') Object.assign(s, plain);
    else if (word === 'v' || word === 'deleted') s[word] = n !== 0;
    else if (word === 'fs') s.fs = n ?? 24;
    else if (word === 'cf' || word === 'highlight' || word === 'cb' || word === 'chcbpat') s[word] = n ?? 0;
    else return false;
    return true;
  }

  /** Hidden, deleted, instruction text, type of 1 pt or less, and white type on no shading are not on the printed page. */
  private hidden(): boolean {
    const s = this.state;
    if (s.v || s.deleted || s.instruction || (s.fs > 0 && s.fs <= 2)) return true;
    if (this.colours[s.cf] !== 'white') return false;
    return ![s.highlight, s.cb, s.chcbpat].some((i) => this.colours[i] === 'colour');
  }

  private paragraphBreak(): void {
    if (isFlow(this.state.sink)) this.paragraphs[this.state.sink].end();
  }

  private out(text: string): void {
    const s = this.state;
    // A collector takes what its own group (or a flow around a field instruction) reads, not a \upr's ANSI text.
    if (s.collect && (s.sink === 'collect' || isFlow(s.sink))) s.collect.text += text;
    if (isFlow(s.sink)) this.paragraphs[s.sink].add(text, this.hidden());
  }

  /** Bytes (\'hh) in the current font's charset, else the document's code page. */
  private flush(): void {
    if (!this.bytes.length) return;
    const bytes = Buffer.from(this.bytes);
    this.bytes = [];
    this.out(iconv.decode(bytes, this.fonts.get(this.state.font) ?? this.codePage));
  }
}

/**
 * Reads RTF as Word shows it: body paragraphs, page headers and footers
 * (header zone), footnotes, comments, text boxes and WordArt, field results
 * (instructions as written, their string literals as lines), document
 * properties, and pictures (\pict, hex or \bin) as nested files. The font and
 * colour tables are read in the same pass. Bytes (\'hh) are decoded in the
 * current font's charset, else the document's code page (\ansicpgN); \uN is
 * Unicode with its \ucN fallback skipped. Text a printed page does not show
 * (hidden, deleted, 1 pt, white on no shading, field instructions, index
 * entries) is read as written only, so it can neither split a mark nor put a
 * quotation mark before one.
 */
export function readRtf(rtf: string): { body: Paragraphs; header: Paragraphs; footer: Paragraphs; footnote: Paragraphs; comment: Paragraphs; metadata: string[]; pictures: Buffer[] } {
  const reader = new RtfReader();
  reader.read(rtf);
  return { ...reader.paragraphs, metadata: reader.metadata, pictures: reader.pictures };
}

/**
 * Paragraphs as lines (the first `headerFirst` in the header zone; all of a
 * page header's, as running lines), each with its as-written line when that
 * differs; asides as attributes.
 */
function paragraphLines(p: Paragraphs, origin: TextOrigin, headerFirst: number): TextLine[] {
  let count = 0;
  const running = headerFirst === Infinity ? { running: true } : {};
  return p.lines.flatMap(({ shown, written, aside }): TextLine[] => {
    const zone = count < headerFirst ? 'header' : 'body';
    if (aside) return [{ text: shown, origin: 'attribute', zone }];
    count++;
    const line: TextLine[] = shown ? [{ text: shown, origin, zone, ...running }] : [];
    return written === shown ? line : [...line, { text: written, origin: origin === 'visible' ? 'hidden' : origin, zone, ...running }];
  });
}

/** RTF files (and altChunk imports in RTF): page headers, body, footers, footnotes, comments, properties, then pictures through the registry. */
export const rtfExtractor: Extractor = {
  id: 'rtf',
  mediaTypes: ['application/rtf'],
  async extract(input, mediaType, ctx): Promise<Document> {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const read = readRtf(input.bytes.toString('latin1'));
    doc.pages.push({
      number: 1,
      lines: [
        ...paragraphLines(read.header, 'visible', Infinity),
        ...paragraphLines(read.body, 'visible', ctx.limits.headerLines),
        ...paragraphLines(read.footer, 'visible', 0),
        ...paragraphLines(read.footnote, 'visible', 0),
        ...paragraphLines(read.comment, 'comment', 0),
        ...read.metadata.map((text): TextLine => ({ text, origin: 'metadata', zone: 'body' })),
      ],
    });
    for (const [i, bytes] of read.pictures.entries()) {
      doc.children.push(await ctx.extractNested({ part: input.part, file: `${input.file ?? 'document'}/picture${i + 1}`, bytes, depth: input.depth + 1 }));
    }
    return doc;
  },
};
