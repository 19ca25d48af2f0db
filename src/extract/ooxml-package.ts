/**
 * How an Office Open XML package says what its parts are (ECMA-376 part 2):
 * relationships (`_rels/.rels` for the main document, `<part>.rels` for the
 * parts it uses: headers, footers, notes, comments, charts, diagrams,
 * altChunk imports). Parts are found this way, as Office finds them,
 * never by a file-name pattern: a header may be called anything.
 */

const utf8 = new TextDecoder();

export interface Relationship {
  id: string;
  /** The relationship type's last segment: `officeDocument`, `header`, `footer`, `aFChunk`, `chart`, `diagramData` … */
  type: string;
  /** The target part's name in the package (no leading slash). */
  target: string;
  external: boolean;
}

/** The relationships a part has (`word/document.xml` → `word/_rels/document.xml.rels`); `''` for the package's own. */
export function relationships(files: Map<string, Uint8Array>, source: string): Relationship[] {
  const slash = source.lastIndexOf('/');
  const dir = slash < 0 ? '' : source.slice(0, slash + 1);
  const relsName = source === '' ? '_rels/.rels' : `${dir}_rels/${source.slice(slash + 1)}.rels`;
  const xml = files.get(relsName);
  if (!xml) return [];
  const out: Relationship[] = [];
  for (const m of utf8.decode(xml).matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const attr = (n: string) => new RegExp(`\\b${n}\\s*=\\s*"([^"]*)"`, 'i').exec(m[1]!)?.[1];
    const type = (attr('Type') ?? '').split('/').pop() ?? '';
    const target = attr('Target') ?? '';
    const external = /External/i.test(attr('TargetMode') ?? '');
    // Zip item names of non-ASCII parts are percent-encoded; a producer may also store them as they are.
    const asStored = resolve(dir, target);
    out.push({ id: attr('Id') ?? '', type, target: external || files.has(asStored) ? (external ? target : asStored) : resolve(dir, unescapeTarget(target)), external });
  }
  return out;
}

/** Targets are URIs: `%E9%A1%B5%E7%9C%89.xml` may name the part `页眉.xml`. */
function unescapeTarget(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

function resolve(dir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}

/**
 * Every internal part reachable from the package's relationships, with the
 * type of the first relationship that reached it, breadth first from the
 * main document: the order a reader meets them.
 */
export function reachable(files: Map<string, Uint8Array>): Map<string, string> {
  const seen = new Map<string, string>();
  const queue = [''];
  while (queue.length) {
    for (const r of relationships(files, queue.shift()!)) {
      if (r.external || seen.has(r.target) || !files.has(r.target)) continue;
      seen.set(r.target, r.type);
      queue.push(r.target);
    }
  }
  return seen;
}

/** The main document part: the package's officeDocument relationship, else the conventional name. */
export function mainPart(files: Map<string, Uint8Array>, conventional: string): string {
  const main = relationships(files, '').find((r) => r.type === 'officeDocument' && !r.external)?.target;
  return main && files.has(main) ? main : conventional;
}

/** The parts `source` relates to with one of `types`, in relationship order, that exist. */
export function related(files: Map<string, Uint8Array>, source: string, types: string[]): string[] {
  return relationships(files, source)
    .filter((r) => !r.external && types.includes(r.type) && files.has(r.target))
    .map((r) => r.target);
}
