import { Parser } from 'htmlparser2';

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

/**
 * The common PHP XML-RPC reader (IXR) accepts a body whose root, after an
 * XML declaration and a DOCTYPE are removed, is one of these; whatever the
 * Content-Type says.
 */
export function looksLikeXmlRpc(body: Buffer): boolean {
  const head = body.subarray(0, 400).toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '');
  const rest = head.replace(/^\s*<\?xml[\s\S]*?\?>/, '').replace(/^\s*<!DOCTYPE[^>]*>/i, '').trimStart();
  return /^<(?:methodCall|methodResponse|fault)[\s>]/.test(rest);
}

/** PHP's base64_decode without strict mode: every character outside the alphabet (padding included) is skipped. */
function phpBase64(text: string): Buffer {
  return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
}

/**
 * Reads an XML-RPC call the way the IXR reader does (element events, text
 * collected since the last tag, `<value>` without a type is a string, the
 * last struct member name applies), keeping every string and every decoded
 * `<base64>` with where it sits.
 */
export function readXmlRpc(xml: string, maxValues: number): XmlRpcCall {
  const values: XmlRpcValue[] = [];
  const names: string[] = [];
  let method = '';
  let contents = '';
  // Containers: arrays count their items; structs hold the current member name and the files waiting for their name/type.
  const stack: Array<{ kind: 'array' | 'struct'; path: string; index: number; member: string[]; strings: Map<string, string>; files: XmlRpcValue[] }> = [];
  let params = 0;
  const pathHere = () => {
    const top = stack[stack.length - 1];
    if (!top) return `params[${params}]`;
    return top.kind === 'struct' ? `${top.path}.${top.member[top.member.length - 1] ?? ''}` : `${top.path}[${top.index}]`;
  };
  const added = () => {
    const top = stack[stack.length - 1];
    if (!top) params++;
    else if (top.kind === 'array') top.index++;
  };
  const push = (v: XmlRpcValue) => {
    if (values.length < maxValues) values.push(v);
  };

  const parser = new Parser(
    {
      onopentag(tag) {
        contents = '';
        if (tag === 'data' || tag === 'struct') stack.push({ kind: tag === 'data' ? 'array' : 'struct', path: pathHere(), index: 0, member: [], strings: new Map(), files: [] });
      },
      ontext(text) {
        contents += text;
      },
      onclosetag(tag) {
        const top = stack[stack.length - 1];
        switch (tag) {
          case 'string':
          case 'value':
            if (tag === 'string' || contents.trim() !== '') {
              const value = tag === 'string' ? contents.trim() : contents;
              push({ path: pathHere(), kind: 'string', value: Buffer.from(value, 'utf8') });
              if (top?.kind === 'struct') top.strings.set(top.member[top.member.length - 1] ?? '', value);
              added();
            }
            break;
          case 'base64': {
            const file: XmlRpcValue = { path: pathHere(), kind: 'base64', value: phpBase64(contents) };
            push(file);
            top?.files.push(file);
            added();
            break;
          }
          case 'int':
          case 'i4':
          case 'double':
          case 'boolean':
          case 'dateTime.iso8601':
            added();
            break;
          case 'data':
          case 'struct': {
            stack.pop();
            if (top) for (const f of top.files) Object.assign(f, { file: top.strings.get('name'), type: top.strings.get('type') });
            added();
            break;
          }
          case 'member':
            top?.member.pop();
            break;
          case 'name':
            top?.member.push(contents.trim());
            names.push(contents.trim());
            break;
          case 'methodName':
            method = contents.trim();
            break;
        }
        contents = '';
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
  );
  parser.write(xml);
  parser.end();
  return { method, values, names };
}
