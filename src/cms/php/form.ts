import { phpUrlDecode } from './url.js';
import { phpKeyPath, type PhpKeyPath } from './variables.js';

/** One input variable as PHP reads it: the name and value bytes after url-decoding, and where PHP stores it. */
export interface PhpVariable {
  /** The decoded name as sent (latin1: one char per byte), before PHP's mangling. */
  name: string;
  value: Buffer;
  /** The key path in $_GET/$_POST, or undefined when PHP drops the variable. */
  path: PhpKeyPath | undefined;
}

/**
 * A query string as PHP parses it into $_GET (php_default_treat_data): split
 * on `&` with empty pieces skipped, the name before the first `=`, both
 * url-decoded. The charset of the request plays no part.
 */
export function parsePhpQuery(query: string | Buffer): PhpVariable[] {
  const bytes = typeof query === 'string' ? Buffer.from(query, 'latin1') : query;
  const out: PhpVariable[] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x26, start);
    if (end < 0) end = bytes.length;
    if (end > start) out.push(variable(bytes, start, end));
    start = end + 1;
  }
  return out;
}

/**
 * An application/x-www-form-urlencoded body as PHP parses it into $_POST
 * (php_std_post_handler): split on `&`, binary safe, empty pieces kept (and
 * dropped for their empty name).
 */
export function parsePhpForm(body: Buffer): PhpVariable[] {
  const out: PhpVariable[] = [];
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf(0x26, start);
    if (end < 0) end = body.length;
    out.push(variable(body, start, end));
    start = end + 1;
  }
  return out;
}

function variable(bytes: Buffer, start: number, end: number): PhpVariable {
  const eq = bytes.indexOf(0x3d, start);
  const nameEnd = eq >= 0 && eq < end ? eq : end;
  const name = phpUrlDecode(bytes, start, nameEnd).toString('latin1');
  const value = nameEnd < end ? phpUrlDecode(bytes, nameEnd + 1, end) : Buffer.alloc(0);
  return { name, value, path: phpKeyPath(name) };
}

/**
 * The value PHP ends with for a top-level scalar key (later assignments win;
 * an array assignment replaces a scalar), or undefined.
 */
export function phpScalar(vars: PhpVariable[], key: string): Buffer | undefined {
  let value: Buffer | undefined;
  for (const v of vars) {
    if (v.path?.[0] !== key) continue;
    value = v.path.length === 1 ? v.value : undefined;
  }
  return value;
}
