import { Parser } from 'htmlparser2';
import { SaxesParser } from 'saxes';

/** One value of an XML-RPC call: a string, or a file sent as `<base64>`. */
export interface XmlRpcValue {
  /** Where it sits: `params[3].post_content`, `params[3].bits`. */
  path: string;
  kind: 'string' | 'base64';
  value: Buffer;
  /** For a base64 value in a struct that also has `name` / `type` members (wp.uploadFile, metaWeblog.newMediaObject). */
  file?: string;
  type?: string;
}

export interface XmlRpcCall {
  method: string;
  values: XmlRpcValue[];
  /** Struct member names. */
  names: string[];
}

const trimmed = new Set([0x20, 0x09, 0x0a, 0x0d, 0x00, 0x0b]);

/**
 * The message IXR (the common PHP XML-RPC reader) parses, or undefined when
 * it would not take the body for an XML-RPC call: the first `<?xml …?>` in
 * the first 100 bytes is cut out (wherever it is: `<methodCall<?xml?>>`
 * becomes `<methodCall>`), the rest trimmed as PHP's trim() does, a DOCTYPE
 * at the start cut out, trimmed again, and the root must then be
 * `<methodCall`, `<methodResponse` or `<fault`. Whatever the Content-Type.
 */
export function ixrMessage(body: Buffer): Buffer | undefined {
  const head = body.subarray(0, 100).toString('latin1');
  const decl = /<\?xml[\s\S]*?\?>/.exec(head);
  let msg = decl ? Buffer.concat([body.subarray(0, decl.index), body.subarray(decl.index + decl[0].length)]) : body;
  msg = trim(msg);
  const doctype = /^<!DOCTYPE[^>]*>/i.exec(msg.subarray(0, 200).toString('latin1'));
  if (doctype) msg = trim(msg.subarray(doctype[0].length));
  const start = msg.subarray(0, 20).toString('latin1');
  const end = start.search(/[> \t\r\n]/);
  const root = end < 0 ? start : start.slice(0, end);
  return ['<methodCall', '<methodResponse', '<fault'].includes(root) ? msg : undefined;
}

function trim(b: Buffer): Buffer {
  let s = 0;
  let e = b.length;
  while (s < e && trimmed.has(b[s]!)) s++;
  while (e > s && trimmed.has(b[e - 1]!)) e--;
  return b.subarray(s, e);
}

/** PHP's base64_decode without strict mode: every character outside the alphabet (padding included) is skipped. */
function phpBase64(text: string): Buffer {
  return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
}

/** What IXR does on each parser event, kept apart from the parser that produces them. */
class IxrReader {
  readonly values: XmlRpcValue[] = [];
  readonly names: string[] = [];
  method = '';
  private contents = '';
  // Containers: arrays count their items; structs hold the current member name and the files waiting for their name/type.
  private readonly stack: Array<{ kind: 'array' | 'struct'; path: string; index: number; member: string[]; strings: Map<string, string>; files: XmlRpcValue[] }> = [];
  private params = 0;

  constructor(private readonly maxValues: number) {}

  private pathHere(): string {
    const top = this.stack[this.stack.length - 1];
    if (!top) return `params[${this.params}]`;
    return top.kind === 'struct' ? `${top.path}.${top.member[top.member.length - 1] ?? ''}` : `${top.path}[${top.index}]`;
  }

  private added(): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) this.params++;
    else if (top.kind === 'array') top.index++;
  }

  private push(v: XmlRpcValue): void {
    if (this.values.length < this.maxValues) this.values.push(v);
  }

  open(tag: string): void {
    this.contents = '';
    if (tag === 'data' || tag === 'struct') this.stack.push({ kind: tag === 'data' ? 'array' : 'struct', path: this.pathHere(), index: 0, member: [], strings: new Map(), files: [] });
  }

  text(text: string): void {
    this.contents += text;
  }

  close(tag: string): void {
    const top = this.stack[this.stack.length - 1];
    const contents = this.contents;
    switch (tag) {
      case 'string':
      case 'value':
      case 'dateTime.iso8601':
        // An untyped value is a string; a date keeps any text after its 17 characters (IXR_Date's timezone).
        if (tag !== 'value' || contents.trim() !== '') {
          const value = tag === 'value' ? contents : contents.trim();
          this.push({ path: this.pathHere(), kind: 'string', value: Buffer.from(value, 'utf8') });
          if (top?.kind === 'struct') top.strings.set(top.member[top.member.length - 1] ?? '', value);
          this.added();
        }
        break;
      case 'base64': {
        const file: XmlRpcValue = { path: this.pathHere(), kind: 'base64', value: phpBase64(contents) };
        this.push(file);
        top?.files.push(file);
        this.added();
        break;
      }
      case 'int':
      case 'i4':
      case 'double':
      case 'boolean':
        this.added();
        break;
      case 'data':
      case 'struct': {
        this.stack.pop();
        if (top) for (const f of top.files) Object.assign(f, { file: top.strings.get('name'), type: top.strings.get('type') });
        this.added();
        break;
      }
      case 'member':
        top?.member.pop();
        break;
      case 'name':
        top?.member.push(contents.trim());
        this.names.push(contents.trim());
        break;
      case 'methodName':
        this.method = contents.trim();
        break;
    }
    this.contents = '';
  }
}

/**
 * Reads an XML-RPC call as IXR does (element events, text collected since
 * the last tag, `<value>` without a type is a string, the last struct member
 * name applies, `<base64>` decoded leniently), with two XML parsers: a
 * strict one (what libxml2, under PHP's xml extension, makes of comments
 * and processing instructions) and a lenient one (what a recovering reader
 * makes of broken markup). Every value either finds is kept.
 */
export function readXmlRpc(xml: string, maxValues: number): XmlRpcCall {
  const strict = new IxrReader(maxValues);
  const parser = new SaxesParser();
  parser.on('opentag', (t) => strict.open(t.name));
  parser.on('text', (t) => strict.text(t));
  parser.on('cdata', (t) => strict.text(t));
  parser.on('closetag', (t) => strict.close(t.name));
  try {
    parser.write(xml).close();
  } catch {
    // Not well-formed: PHP would refuse it; the lenient reading still is what a reader of the raw body sees.
  }
  const lenient = new IxrReader(maxValues);
  const html = new Parser({ onopentag: (t) => lenient.open(t), ontext: (t) => lenient.text(t), onclosetag: (t) => lenient.close(t) }, { xmlMode: true, decodeEntities: true, recognizeCDATA: true });
  html.write(xml);
  html.end();
  const seen = new Set(strict.values.map((v) => `${v.path}\u0000${v.value.toString('base64')}`));
  const values = [...strict.values, ...lenient.values.filter((v) => !seen.has(`${v.path}\u0000${v.value.toString('base64')}`))];
  return { method: strict.method || lenient.method, values, names: [...new Set([...strict.names, ...lenient.names])] };
}
