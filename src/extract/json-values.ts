/**
 * A strict JSON reader that yields every string leaf with its path, and every
 * key (keys are content too: block attributes, meta names), and reports what
 * makes a body ambiguous: duplicate keys (PHP keeps the last, other parsers
 * the first), nesting or leaves past a limit. One pass, no intermediate tree.
 */
export interface JsonLeaf {
  path: string;
  value: string;
}

export interface JsonReading {
  leaves: JsonLeaf[];
  keys: string[];
}

export class JsonError extends Error {
  constructor(
    readonly kind: 'malformed' | 'ambiguous' | 'too-deep' | 'too-many-parts',
    message: string,
  ) {
    super(message);
  }
}

const scalar = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

export function readJson(text: string, limits: { depth: number; leaves: number }): JsonReading {
  const leaves: JsonLeaf[] = [];
  const names: string[] = [];
  const maxDepth = limits.depth;
  let count = 0;
  const counted = () => {
    if (++count > limits.leaves) throw new JsonError('too-many-parts', `more than ${limits.leaves} JSON values`);
  };
  let i = 0;
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const fail = (what: string): never => {
    throw new JsonError('malformed', `${what} at offset ${i}`);
  };
  const str = (): string => {
    const start = i;
    i++;
    let escaped = false;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) {
        escaped = true;
        i += 2;
      } else if (c === 0x22) {
        i++;
        const raw = text.slice(start, i);
        if (!escaped) return raw.slice(1, -1);
        try {
          return JSON.parse(raw) as string;
        } catch {
          return fail('bad string escape');
        }
      } else if (c < 0x20) return fail('control character in string');
      else i++;
    }
    return fail('unterminated string');
  };
  const value = (path: string, depth: number): void => {
    if (depth > maxDepth) throw new JsonError('too-deep', `nesting deeper than ${maxDepth}`);
    ws();
    const c = text[i];
    counted();
    if (c === '"') leaves.push({ path, value: str() });
    else if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = str();
        if (key) names.push(key);
        if (seen.has(key)) throw new JsonError('ambiguous', `duplicate key "${key.slice(0, 40)}" in ${path}`);
        seen.add(key);
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        value(`${path}.${key}`, depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail('expected "," or "}"');
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`, depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail('expected "," or "]"');
      }
    } else {
      // A sticky expression matches at i without copying the rest of the text (numbers may be any length).
      scalar.lastIndex = i;
      const m = scalar.exec(text);
      if (!m) fail('unexpected token');
      i += m![0].length;
    }
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  value('$', 0);
  ws();
  if (i !== text.length) fail('trailing data');
  return { leaves, keys: names };
}
