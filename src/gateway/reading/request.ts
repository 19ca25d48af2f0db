import type { ParsingModel, RequestHead } from '../../cms/adapter.js';
import { splitTarget } from '../../cms/path.js';
import { parsePhpForm, parsePhpQuery, type PhpVariable } from '../../cms/php/form.js';
import { parsePhpMultipart } from '../../cms/php/multipart.js';
import { phpUrlDecode } from '../../cms/php/url.js';
import { formatKeyPath } from '../../cms/php/variables.js';
import { charsetOf, decodeText } from '../../extract/charset.js';
import type { Problem } from '../../extract/document.js';
import type { ScanPart } from '../../scanner.js';
import { decodeContentEncoding } from './content-encoding.js';
import { JsonError, readJson } from '../../extract/json-values.js';
import { ixrMessage, readXmlRpc } from './xmlrpc.js';

export interface ReadingLimits {
  /** Most variables, JSON values, XML-RPC values and multipart parts one request may carry. */
  fields: number;
  multipartParts: number;
  jsonDepth: number;
  decodedBytes: number;
}

export interface RequestReading {
  parts: ScanPart[];
  /** Bytes an approval binds besides the parts (a JSON body whole: its scalars are content too). */
  bound: Buffer[];
  /** Why the request cannot be read one way only, or completely: each one holds it. */
  problems: Problem[];
}

/** A JSON media type anywhere in the header, as lenient REST servers look for one (`text/plain, application/json` counts). */
const jsonMedia = /(?:^|[\s,])(?:application\/(?:[\w!#$&^.+-]+\+)?json|text\/json)(?:$|[\s;,])/i;

/**
 * Every reading of a request the CMS, or what it hands content to, may
 * make; the scanner takes their union. The query of every write request;
 * the body as the CMS's parser reads it (form or multipart, by the media
 * type the CMS sees); as JSON whenever it parses as JSON (a CMS's REST
 * server may parse more media types than `application/json`); as an XML-RPC
 * call whenever its root is one (an XML-RPC endpoint may ignore the Content-Type),
 * with `<base64>` values as files; and as one document otherwise (raw
 * uploads, HTML, text, XML). Names (variables, JSON keys, file names, struct
 * members) are content too, in one `names` part. A value holding
 * percent-encoded text (a batch request's inner path, a double-encoded
 * form) is read decoded as well.
 */
export function readRequest(head: RequestHead, body: Buffer, model: ParsingModel, limits: ReadingLimits): RequestReading {
  const reading = new Collector(limits);
  reading.problems.push(...duplicateHeaders(head));

  for (const v of parsePhpQuery(splitTarget(head.url).query)) reading.variable('query', v, model, []);

  if (body.length) {
    const encoding = header(head, 'content-encoding');
    const decoded = decodeContentEncoding(body, encoding, limits.decodedBytes);
    reading.problems.push(...decoded.problems);
    readBody(reading, head, decoded.bytes, model, limits);
    // PHP never undoes Content-Encoding: it parses the raw bytes, where a gzip header's comment or a brotli metadata block is plain text.
    if (encoding && decoded.bytes !== body) reading.add({ part: 'body:encoded', bytes: body, readAs: 'runs' });
  }
  return reading.result();
}

function readBody(reading: Collector, head: RequestHead, bytes: Buffer, model: ParsingModel, limits: ReadingLimits): void {
  const contentType = header(head, 'content-type') ?? '';
  // The CMS's parser picks by its own reading of the Content-Type, an application on top of it may trim it first: read by both.
  const types = new Set([model.mediaType(contentType), lenientMediaType(contentType)]);
  const declared = [charsetOf(contentType)].filter((c): c is string => !!c);
  let whole = true;

  if (types.has('multipart/form-data')) {
    // Read whole as well when the CMS's own parser would not take it for multipart (an application may then store the raw body).
    whole = types.size > 1;
    readMultipart(reading, bytes, contentType, model, limits, declared);
  }
  if (types.has('application/x-www-form-urlencoded') || types.has('')) {
    // Form bodies, and untyped ones: a REST server may parse other methods' untyped bodies as forms (docs/cms-parsing.md).
    whole = types.has('') || types.size > 1;
    const vars = parsePhpForm(bytes);
    const charset = vars.find((v) => v.path?.[0] === '_charset_')?.value.toString('latin1');
    for (const v of vars) reading.variable('field', v, model, charset ? [...declared, charset] : declared);
  }

  const text = firstText(bytes);
  if (jsonMedia.test(contentType) || text === '{' || text === '[' || text === '"') {
    try {
      const json = readJson(decodeText(bytes), { depth: limits.jsonDepth, leaves: limits.fields });
      for (const l of json.leaves) reading.text(`json:${l.path}`, l.value);
      reading.name(...json.keys);
      reading.bound.push(bytes);
      whole = false;
    } catch (err) {
      if (!(err instanceof JsonError)) throw err;
      // Not JSON after all, unless it said so.
      if (jsonMedia.test(contentType) || err.kind !== 'malformed') reading.problems.push({ code: err.kind, detail: `JSON body: ${err.message}` });
    }
  }

  const rpc = ixrMessage(bytes);
  if (rpc) {
    const call = readXmlRpc(decodeText(rpc), limits.fields + 1);
    if (call.values.length > limits.fields) reading.problems.push({ code: 'too-many-parts', detail: `more than ${limits.fields} XML-RPC values` });
    reading.name(call.method, ...call.names);
    for (const v of call.values) {
      if (v.kind === 'base64') reading.add({ part: `file:xmlrpc:${v.path}`, file: v.file, bytes: v.value, declaredType: v.type });
      else reading.text(`xmlrpc:${v.path}`, v.value.toString('utf8'));
      if (v.file) reading.name(v.file);
    }
  }

  // Bodies no form reading covers are one document (the XML of an XML-RPC call too: text outside values is still text).
  const file = fileNameOf(header(head, 'content-disposition') ?? '');
  if (file) reading.name(file);
  if (whole) reading.add({ part: file ? 'file' : 'body', file, bytes, declaredType: contentType || undefined, charsets: declared });
}

function readMultipart(reading: Collector, bytes: Buffer, contentType: string, model: ParsingModel, limits: ReadingLimits, declared: string[]): void {
  const mp = parsePhpMultipart(bytes, contentType);
  if (mp.anomalies.length) reading.problems.push({ code: 'ambiguous', detail: `multipart body read differently by different parsers: ${mp.anomalies.slice(0, 3).join('; ')}` });
  if (mp.parts.length > limits.multipartParts) reading.problems.push({ code: 'too-many-parts', detail: `more than ${limits.multipartParts} multipart parts` });
  const charset = mp.parts.find((p) => p.filename === undefined && p.name === '_charset_');
  const formCharsets = charset ? [...declared, bytes.toString('latin1', charset.start, charset.end)] : declared;
  for (const p of mp.parts.slice(0, limits.multipartParts)) {
    const value = bytes.subarray(p.start, p.end);
    const charsets = [...formCharsets, ...[charsetOf(p.contentType)].filter((c): c is string => !!c)];
    if (p.filename === undefined) {
      reading.variable('field', { name: p.name!, value, path: model.keyPath(p.name!) }, model, charsets);
      continue;
    }
    const file = utf8(basename(p.filename));
    reading.name(utf8(p.name ?? ''), utf8(p.filename));
    reading.add({ part: `file:${utf8(p.name ?? '')}`, file: file || undefined, bytes: value, declaredType: p.type, charsets });
  }
  // Part headers are content too: a file's type is stored, a part PHP ignores still has its name (and a raw body holds them all).
  if (mp.headers.length) reading.add({ part: 'multipart:headers', bytes: Buffer.from(mp.headers.join('\n'), 'latin1'), readAs: 'text' });
  // What PHP reads as nothing (ignored parts, text between and around them) may still reach the CMS as a raw body.
  if (mp.skipped.length) reading.add({ part: 'multipart:unread', bytes: Buffer.concat(mp.skipped.flatMap(([a, b]) => [bytes.subarray(a, b), Buffer.from('\n')])) });
}

/** Builds the parts and names of one request, within the limits. */
class Collector {
  readonly parts: ScanPart[] = [];
  readonly names: string[] = [];
  readonly problems: Problem[] = [];
  readonly bound: Buffer[] = [];
  /** Variables, values and parts seen, empty ones included: a million empty fields is the same attack as a million full ones. */
  private seen = 0;

  constructor(private readonly limits: ReadingLimits) {}

  /** Counts one more; false (and a problem, once) past the limit. */
  private room(): boolean {
    if (++this.seen <= this.limits.fields) return true;
    if (this.seen === this.limits.fields + 1) this.problems.push({ code: 'too-many-parts', detail: `more than ${this.limits.fields} fields` });
    return false;
  }

  add(part: ScanPart): void {
    if (this.room()) this.parts.push(part);
  }

  name(...names: string[]): void {
    if (this.seen <= this.limits.fields) this.names.push(...names);
  }

  /** A query or form variable: its name is content, its value is scanned in every plausible charset, and percent-decoded if it holds percent-encoded text. */
  variable(kind: 'query' | 'field', v: PhpVariable, model: ParsingModel, charsets: string[]): void {
    const path = model.keyPath(v.name);
    const label = `${kind}:${utf8(path ? formatKeyPath(path) : v.name)}`;
    this.name(utf8(v.name));
    if (!v.value.length) {
      this.room();
      return;
    }
    this.add({ part: label, bytes: v.value, charsets });
    if (percentEncoded.test(v.value.toString('latin1'))) this.add({ part: `${label}#decoded`, bytes: phpUrlDecode(v.value), charsets });
  }

  /** A string already decoded (JSON, XML-RPC). */
  text(part: string, value: string): void {
    if (!value.trim()) {
      this.room();
      return;
    }
    this.add({ part, bytes: Buffer.from(value, 'utf8'), text: value });
    if (percentEncoded.test(value)) this.add({ part: `${part}#decoded`, bytes: phpUrlDecode(Buffer.from(value, 'utf8')) });
  }

  result(): RequestReading {
    // Control characters in a name (a NUL PHP cuts the key at) are not text a reader sees.
    const names = this.names
      .map((n) => n.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
    if (names) this.parts.push({ part: 'names', bytes: Buffer.from(names, 'utf8'), text: names, readAs: 'text' });
    return { parts: this.parts, problems: this.problems, bound: this.bound };
  }
}

/** `%` and a byte above 0x7f: text someone percent-encoded, which a later decoding step (the CMS's, a plugin's) turns back. */
const percentEncoded = /%[89a-fA-F][0-9a-fA-F]/;

/** Node folds a repeated header into one value; the CMS's server may read the other. */
function duplicateHeaders(head: RequestHead): Problem[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < head.rawHeaders.length; i += 2) {
    const name = head.rawHeaders[i]!.toLowerCase();
    if (name === 'content-type' || name === 'content-encoding' || name === 'content-disposition') counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([name, n]) => ({ code: 'ambiguous', detail: `${n} ${name} headers` }));
}

function header(head: RequestHead, name: string): string | undefined {
  const v = head.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The media type trimmed and lower case, `` when it has no `/` (as a REST server reads a Content-Type it cannot use). */
function lenientMediaType(contentType: string): string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.includes('/') ? type : '';
}

/** The first character that is not whitespace (as PHP's trim() counts it) or a byte-order mark. */
function firstText(bytes: Buffer): string {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x00) continue;
    if (c === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) {
      i += 2;
      continue;
    }
    return String.fromCharCode(c);
  }
  return '';
}

/** Latin1 byte strings (PHP's names) as the text a reader sees. */
function utf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

/** $_FILES name: the file name without any path (PHP's php_ap_basename). */
function basename(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

/** filename* (RFC 6266/5987) wins over filename, as browsers and CMS raw uploads read it. */
export function fileNameOf(disposition: string): string | undefined {
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[2]!.trim());
    } catch {
      return star[2]!.trim();
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(disposition);
  return plain ? (plain[1] ?? plain[2] ?? '').trim() : undefined;
}
