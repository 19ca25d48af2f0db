/**
 * multipart/form-data exactly as PHP 8 reads it (main/rfc1867.c), over a
 * whole buffer instead of PHP's 5 KB reads, with the same results:
 *
 * - The boundary is whatever follows the first `=` after the first
 *   occurrence of the text `boundary` anywhere in the Content-Type (so
 *   `xboundary=A; boundary=B` is A), up to `,` or `;`, or quoted.
 * - Lines end at LF (a CR before it is dropped) and are compared as C
 *   strings (up to a NUL byte); a line longer than the read buffer comes in
 *   buffer-sized pieces, each one a line of its own.
 * - A part starts after a line that is exactly `--boundary`; anything else
 *   before it is skipped, including the close delimiter `--boundary--`, so
 *   parts after the close delimiter are read.
 * - A part's data ends before the first `\n--boundary` (a prefix match: a
 *   line `--boundaryX` ends it too), less one CR.
 * - Only the first Content-Disposition header counts; its `name` and
 *   `filename` parameters are read with PHP's quoting rules (single quotes
 *   too), the last of each wins, `filename*` is not known. No `filename`
 *   means a form field, even for `attachment`.
 *
 * Besides PHP's reading, it records what a strict RFC 7578 reader would
 * disagree with (`anomalies`) and the byte ranges PHP read as nothing at all
 * (`skipped`), so the gateway can scan those too and hold the request.
 */

export interface PhpMultipartPart {
  /** Field name (`name` parameter, latin1), or undefined for a part PHP ignores. */
  name?: string;
  /** `filename` parameter as sent (latin1); PHP's $_FILES name is its basename. */
  filename?: string;
  /** Content-Type header of the part (up to `;`), as PHP reports it for files. */
  type?: string;
  /** The whole Content-Type header of the part (its charset, say). */
  contentType?: string;
  /** Byte range of the part's data in the body. */
  start: number;
  end: number;
  /** PHP stores it: a field, or a file whose closing boundary was found. */
  stored: boolean;
}

export interface PhpMultipart {
  /** The boundary PHP uses, or undefined when PHP finds none (and reads nothing). */
  boundary: string | undefined;
  parts: PhpMultipartPart[];
  /** Byte ranges that are neither framing nor part data (preamble, epilogue, lines PHP skips, ignored parts). */
  skipped: Array<[number, number]>;
  /** Every part's header values as PHP reads them (Content-Disposition parameters unquoted), parts PHP ignores included: names, file names, types. */
  headers: string[];
  /** Why a strict reader would read this body otherwise. Empty for what browsers send. */
  anomalies: string[];
}

const fillUnit = 5 * 1024;
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** PHP's boundary from a Content-Type header (rfc1867_post_handler). */
export function phpBoundary(contentType: string): string | undefined {
  let at = contentType.indexOf('boundary');
  if (at < 0) at = contentType.toLowerCase().indexOf('boundary');
  if (at < 0) return undefined;
  const eq = contentType.indexOf('=', at);
  if (eq < 0) return undefined;
  let b = contentType.slice(eq + 1);
  if (b.startsWith('"')) {
    const close = b.indexOf('"', 1);
    if (close < 0) return undefined;
    b = b.slice(1, close);
  } else {
    const end = b.search(/[,;]/);
    if (end >= 0) b = b.slice(0, end);
  }
  const nul = b.indexOf('\0');
  if (nul >= 0) b = b.slice(0, nul);
  return b.length > fillUnit - 4 ? undefined : b;
}

/** The boundary parameter as RFC 2045/7231 define it: exactly one `boundary=` parameter. */
export function strictBoundary(contentType: string): string | undefined {
  const params = [...contentType.matchAll(/;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[!#$%&'*+.^_`|~0-9A-Za-z-]+)/g)];
  const found = params.filter((p) => p[1]!.toLowerCase() === 'boundary');
  if (found.length !== 1) return undefined;
  const v = found[0]![2]!;
  return v.startsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
}

/** A C string: the bytes up to the first NUL, and whether there was one. */
function cstr(bytes: Buffer, start: number, end: number): { text: string; nul: boolean } {
  // Searched within the line only (to the buffer's end, once a line, is quadratic in the body), in a plain loop: lines are short and many.
  let at = start;
  while (at < end && bytes[at] !== 0) at++;
  return { text: bytes.toString('latin1', start, at), nul: at < end };
}

export interface Line {
  /** The line as PHP compares it: without CR LF, up to a NUL byte. */
  text: string;
  start: number;
  /** Just after the LF (or the piece). */
  end: number;
  /** A buffer-sized piece of a longer line. */
  piece: boolean;
  /** A NUL byte cut the line short. */
  nul: boolean;
  /** Ended by LF alone, not CR LF. */
  bareLf: boolean;
}

class LineReader {
  pos = 0;
  constructor(
    private readonly bytes: Buffer,
    private readonly bufsize: number,
  ) {}

  /** PHP's get_line: the next line without its CR LF, a buffer-sized piece of a longer one, or undefined at the end. */
  next(): Line | undefined {
    const { bytes, pos } = this;
    const windowEnd = Math.min(bytes.length, pos + this.bufsize);
    // Within the window only, in a plain loop: a body of a million short lines costs a million short scans.
    let lf = pos;
    while (lf < windowEnd && bytes[lf] !== 0x0a) lf++;
    if (lf < windowEnd) {
      const cr = lf > pos && bytes[lf - 1] === 0x0d;
      this.pos = lf + 1;
      const { text, nul } = cstr(bytes, pos, cr ? lf - 1 : lf);
      return { text, nul, start: pos, end: lf + 1, piece: false, bareLf: !cr };
    }
    if (bytes.length - pos < this.bufsize) return undefined;
    this.pos = pos + this.bufsize;
    // Fields named, not spread: spreading into a literal costs microseconds a line, seconds a body of short lines.
    const { text, nul } = cstr(bytes, pos, this.pos);
    return { text, nul, start: pos, end: this.pos, piece: true, bareLf: false };
  }
}

/** php_ap_getword: the text up to `stop`, skipping quoted runs ("…" or '…', backslash-quote inside). */
function getword(s: { rest: string }, stop: string): string {
  const line = s.rest;
  let p = 0;
  while (p < line.length && line[p] !== stop) {
    const q = line[p];
    if (q === '"' || q === "'") {
      p++;
      while (p < line.length && line[p] !== q) p += line[p] === '\\' && line[p + 1] === q ? 2 : 1;
      if (p < line.length) p++;
    } else p++;
  }
  if (p >= line.length) {
    s.rest = '';
    return line;
  }
  const word = line.slice(0, p);
  while (line[p] === stop) p++;
  s.rest = line.slice(p);
  return word;
}

/** php_ap_getword_conf: a quoted value (escapes `\\` and `\quote`) or the text up to whitespace. */
function getwordConf(str: string): string {
  let i = 0;
  while (i < str.length && isSpace(str.charCodeAt(i))) i++;
  str = str.slice(i);
  if (!str) return '';
  const quote = str[0] === '"' || str[0] === "'" ? str[0] : '';
  let s = quote ? str.slice(1) : str;
  if (!quote) {
    let e = 0;
    while (e < s.length && !isSpace(s.charCodeAt(e))) e++;
    s = s.slice(0, e);
  }
  let out = '';
  for (let k = 0; k < s.length && s[k] !== quote; k++) {
    if (s[k] === '\\' && (s[k + 1] === '\\' || (quote && s[k + 1] === quote))) out += s[++k];
    else out += s[k];
  }
  return out;
}

/** Content-Disposition parameters as PHP reads them; also whether a strict reader would see the same. */
function dispositionParams(cd: string): { name?: string; filename?: string; odd: string[] } {
  const odd: string[] = [];
  const s = { rest: cd.replace(/^\s+/, '') };
  let name: string | undefined;
  let filename: string | undefined;
  let names = 0;
  let filenames = 0;
  const first = /^([^;]*)/.exec(s.rest)![1]!.trim().toLowerCase();
  if (first !== 'form-data') odd.push(`Content-Disposition is "${first.slice(0, 20)}", not form-data`);
  while (s.rest) {
    let pair = getword(s, ';');
    s.rest = s.rest.replace(/^\s+/, '');
    if (!pair.includes('=')) continue;
    const ps = { rest: pair };
    const key = getword(ps, '=');
    pair = ps.rest;
    const lower = key.toLowerCase();
    if (lower === 'name') {
      name = getwordConf(pair);
      names++;
    } else if (lower === 'filename') {
      filename = getwordConf(pair);
      filenames++;
    } else if (lower.trim() === 'name' || lower.trim() === 'filename' || lower.trim().startsWith('filename*') || lower.trim().startsWith('name*')) {
      odd.push(`parameter "${key.slice(0, 20)}" that PHP does not read as a strict reader would`);
    }
  }
  if (names > 1 || filenames > 1) odd.push('a parameter given twice');
  return { name, filename, odd };
}

/** Every parameter value of a Content-Disposition, unquoted as PHP unquotes them. */
function dispositionValues(cd: string): string[] {
  const values: string[] = [];
  const s = { rest: cd.replace(/^\s+/, '') };
  while (s.rest) {
    const pair = getword(s, ';');
    s.rest = s.rest.replace(/^\s+/, '');
    const eq = pair.indexOf('=');
    values.push(eq < 0 ? pair : getwordConf(pair.slice(eq + 1)));
  }
  return values;
}

/** A file field name PHP refuses to store (brackets not balanced, text after a `]`). */
function unbalanced(name: string): boolean {
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '[') depth++;
    else if (name[i] === ']') {
      depth--;
      if (name[i + 1] !== undefined && name[i + 1] !== '[') return true;
    }
    if (depth < 0) return true;
  }
  return depth !== 0;
}

export interface PhpMultipartLimits {
  /** max_file_uploads (20). */
  maxFileUploads?: number;
  /** max_multipart_body_parts (-1: max_input_vars + max_file_uploads). */
  maxBodyParts?: number;
}

export function parsePhpMultipart(bytes: Buffer, contentType: string, limits: PhpMultipartLimits = {}): PhpMultipart {
  const anomalies: string[] = [];
  const skipped: Array<[number, number]> = [];
  const parts: PhpMultipartPart[] = [];
  const headerLines: string[] = [];
  const boundary = phpBoundary(contentType);
  const strict = strictBoundary(contentType);
  if (boundary === undefined) {
    anomalies.push('PHP finds no boundary in the Content-Type');
    if (bytes.length) skipped.push([0, bytes.length]);
    return { boundary, parts, skipped, headers: headerLines, anomalies };
  }
  if (strict !== boundary) anomalies.push(`PHP reads the boundary as "${boundary.slice(0, 40)}", a strict reader as "${(strict ?? '(none)').slice(0, 40)}"`);

  const delimiter = `--${boundary}`;
  const next = Buffer.from(`\n--${boundary}`, 'latin1');
  const crlfDelimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const reader = new LineReader(bytes, Math.max(fillUnit, boundary.length + 6));
  let uploads = limits.maxFileUploads ?? 20;
  let bodyParts = limits.maxBodyParts ?? 1000 + uploads;
  let closed = false;
  /** Where a strict RFC 7578 reader finds the next delimiter line (after the preamble: at the first one). */
  /** The last strict delimiter search: where from, and what it found. */
  let memo: { from: number; at: number | undefined } | undefined;
  let strictNext: number | undefined = strictDelimiter(-1);

  /** The start of the next delimiter line a strict reader accepts after `from` (-1: the first one): CR LF --boundary, then `--` or padding and CR LF. */
  function strictDelimiter(from: number): number | undefined {
    // The first delimiter may open the body without a CR LF before it.
    if (from < 0 && bytes.toString('latin1', 0, delimiter.length) === delimiter && delimiterEnds(delimiter.length)) return 0;
    // Asked again from further on: the last answer stands while it lies ahead (nothing between), or when there was none. Else each part would search to the end.
    if (memo && from >= memo.from && (memo.at === undefined || memo.at - 2 >= from)) return memo.at;
    let found: number | undefined;
    for (let at = bytes.indexOf(crlfDelimiter, Math.max(0, from)); at >= 0 && found === undefined; at = bytes.indexOf(crlfDelimiter, at + 1)) {
      if (delimiterEnds(at + crlfDelimiter.length)) found = at + 2;
    }
    memo = { from: Math.max(0, from), at: found };
    return found;
  }
  function delimiterEnds(i: number): boolean {
    if (bytes[i] === 0x2d && bytes[i + 1] === 0x2d) return true;
    while (bytes[i] === 0x20 || bytes[i] === 0x09) i++;
    return bytes[i] === 0x0d && bytes[i + 1] === 0x0a;
  }

  /** Reads data from the reader's position as multipart_buffer_read does: up to `\n--boundary`, less one CR. */
  const readData = (): { start: number; end: number; found: boolean } => {
    const start = reader.pos;
    const at = bytes.indexOf(next, start);
    let end = at;
    if (at < 0) {
      // At the very end, a tail that could still become the delimiter is not data.
      for (let k = Math.max(start, bytes.length - next.length + 1); k < bytes.length && end < 0; k++) {
        if (bytes.subarray(k).equals(next.subarray(0, bytes.length - k))) end = k;
      }
    }
    // PHP drops the CR before a (possible) delimiter, and keeps everything when there is none.
    if (end < 0) end = bytes.length;
    else if (end > start && bytes[end - 1] === 0x0d) end--;
    reader.pos = end;
    return { start, end, found: at >= 0 };
  };

  /** Boundary and header lines: what a strict reader reads the same. */
  const framing = (l: Line) => {
    if (l.nul || l.piece) anomalies.push('a framing line PHP reads differently (NUL byte or over-long line)');
    if (l.bareLf) anomalies.push('a line ended by LF alone');
  };
  /** A delimiter line PHP acts on must be the one a strict reader acts on. */
  const agrees = (l: Line) => {
    if (l.start !== strictNext) anomalies.push('a part ends where a strict reader would not end it');
  };

  for (;;) {
    if (reader.pos >= bytes.length) break;
    // find_boundary: skip lines until one is exactly --boundary; the close delimiter is skipped too.
    const searchFrom = reader.pos;
    let line = reader.next();
    while (line && line.text !== delimiter) {
      if (line.text === `${delimiter}--`) {
        if (!closed) agrees(line);
        closed = true;
      }
      line = reader.next();
    }
    if (!line) {
      if (searchFrom < bytes.length) skipped.push([searchFrom, bytes.length]);
      break;
    }
    if (line.start > searchFrom) skipped.push([searchFrom, line.start]);
    framing(line);
    if (closed) anomalies.push('a part after the close delimiter');
    else agrees(line);

    // Headers until an empty line (a line starting with NUL counts as empty).
    const headers: Array<[string, string]> = [];
    let key: string | undefined;
    let value = '';
    for (let h = reader.next(); h && h.text !== ''; h = reader.next()) {
      framing(h);
      const colon = isSpace(h.text.charCodeAt(0)) ? -1 : h.text.indexOf(':');
      if (colon >= 0) {
        if (key !== undefined) headers.push([key, value]);
        key = h.text.slice(0, colon);
        value = h.text.slice(colon + 1).replace(/^\s+/, '');
        if (key !== key.trim()) anomalies.push('a part header name with spaces');
      } else if (key !== undefined) {
        value += h.text;
        anomalies.push('a folded part header');
      } else anomalies.push('a part header line without a name');
    }
    if (key !== undefined) headers.push([key, value]);
    for (const [k, v] of headers) headerLines.push(...(k.toLowerCase() === 'content-disposition' ? dispositionValues(v) : [v]));
    const headersEnd = reader.pos;
    strictNext = strictDelimiter(headersEnd);

    const cds = headers.filter(([k]) => k.toLowerCase() === 'content-disposition');
    const ctype = headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    if (cds.length > 1) anomalies.push('two Content-Disposition headers in a part');
    // PHP reads no data for a part it ignores: the next boundary search skips its lines (recorded as skipped: the CMS may still store the raw body).
    if (!cds.length) {
      anomalies.push('a part without Content-Disposition (PHP skips it)');
      continue;
    }
    if (--bodyParts < 0) {
      anomalies.push('more parts than PHP reads');
      skipped.push([headersEnd, bytes.length]);
      break;
    }
    const { name, filename, odd } = dispositionParams(cds[0]![1]);
    anomalies.push(...odd);
    if (filename === undefined && name !== undefined) {
      const d = readData();
      if (!d.found) anomalies.push('a field without its closing boundary');
      parts.push({ name, contentType: ctype, start: d.start, end: d.end, stored: true });
      continue;
    }
    if (name === undefined && filename === undefined) {
      anomalies.push('a part with neither name nor filename (PHP stops reading)');
      skipped.push([headersEnd, bytes.length]);
      break;
    }
    if (name === undefined) anomalies.push('a file part without a name');
    const skip = uploads <= 0 || (name !== undefined && unbalanced(name));
    if (skip) anomalies.push('a file part PHP does not store');
    if (skip || filename === '') continue;
    uploads--;
    const d = readData();
    if (!d.found) anomalies.push('a file without its closing boundary');
    parts.push({ name, filename, type: ctype?.split(';')[0], contentType: ctype, start: d.start, end: d.end, stored: d.found });
  }
  if (!closed && (parts.length || skipped.length)) anomalies.push('no close delimiter');
  const content = skipped.filter(([a, b]) => bytes.subarray(a, b).some((c) => !isSpace(c)));
  return { boundary, parts, skipped: content, headers: headerLines, anomalies: [...new Set(anomalies)] };
}
