/**
 * How an Office Open XML package says what its parts are (ECMA-376 part 2):
 * relationships (`_rels/.rels` for the main document, `<part>.rels` for the
 * parts it uses: headers, footers, notes, comments, charts, diagrams,
 * altChunk imports). Parts are found this way, as Office finds them,
 * never by a file-name pattern: a header may be called anything. Part names
 * compare case-insensitively, percent-encoded or not.
 */

const utf8 = new TextDecoder();

export interface Relationship {
  id: string;
  /** The relationship type's last segment: `officeDocument`, `header`, `footer`, `aFChunk`, `chart`, `diagramData` … */
  type: string;
  /** The target part's name as stored in the zip (no leading slash), or the resolved name when no part has it. */
  target: string;
  external: boolean;
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
  // Office accepts backslashes as separators; a query or fragment names no part.
  const path = target.replace(/\\/g, '/').replace(/[?#].*$/, '');
  const parts = (path.startsWith('/') ? path.slice(1) : dir + path).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}

export class OoxmlPackage {
  private readonly byLowerName = new Map<string, string>();
  private readonly relsCache = new Map<string, Relationship[]>();

  constructor(readonly files: Map<string, Uint8Array>) {
    for (const name of files.keys()) if (!this.byLowerName.has(name.toLowerCase())) this.byLowerName.set(name.toLowerCase(), name);
  }

  /** The stored name of a part, looked up as OPC compares names (case-insensitively). */
  name(part: string): string | undefined {
    return this.files.has(part) ? part : this.byLowerName.get(part.toLowerCase());
  }

  bytes(part: string): Uint8Array | undefined {
    const name = this.name(part);
    return name === undefined ? undefined : this.files.get(name);
  }

  /** The relationships a part has (`word/document.xml` → `word/_rels/document.xml.rels`); `''` for the package's own. */
  relationships(source: string): Relationship[] {
    const cached = this.relsCache.get(source);
    if (cached) return cached;
    const slash = source.lastIndexOf('/');
    const dir = slash < 0 ? '' : source.slice(0, slash + 1);
    const xml = this.bytes(source === '' ? '_rels/.rels' : `${dir}_rels/${source.slice(slash + 1)}.rels`);
    const out: Relationship[] = [];
    for (const m of xml ? utf8.decode(xml).matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g) : []) {
      const attr = (n: string) => new RegExp(`\\b${n}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(m[1]!)?.slice(1).find((v) => v !== undefined);
      const type = (attr('Type') ?? '').split('/').pop() ?? '';
      const target = attr('Target') ?? '';
      const external = /^External$/i.test(attr('TargetMode') ?? '');
      // Zip item names of non-ASCII parts are percent-encoded; a producer may also store them as they are.
      const stored = external ? target : (this.name(resolve(dir, target)) ?? this.name(resolve(dir, unescapeTarget(target))) ?? resolve(dir, unescapeTarget(target)));
      out.push({ id: attr('Id') ?? '', type, target: stored, external });
    }
    this.relsCache.set(source, out);
    return out;
  }

  /**
   * Every internal part reachable from the package's relationships, with
   * every relationship type that reaches it, breadth first from the package:
   * the order a reader meets them.
   */
  reachable(): Map<string, Set<string>> {
    const seen = new Map<string, Set<string>>();
    const queue = [''];
    while (queue.length) {
      for (const r of this.relationships(queue.shift()!)) {
        if (r.external || !this.files.has(r.target)) continue;
        const types = seen.get(r.target);
        if (types) {
          types.add(r.type);
          continue;
        }
        seen.set(r.target, new Set([r.type]));
        queue.push(r.target);
      }
    }
    return seen;
  }

  /** The main document part: the package's officeDocument relationship, else the conventional name. */
  mainPart(conventional: string): string {
    const main = this.relationships('').find((r) => r.type === 'officeDocument' && !r.external)?.target;
    return main && this.files.has(main) ? main : (this.name(conventional) ?? conventional);
  }

  /** The parts `source` relates to with one of `types`, in relationship order, that exist. */
  related(source: string, types: string[]): string[] {
    return this.relationships(source)
      .filter((r) => !r.external && types.includes(r.type) && this.files.has(r.target))
      .map((r) => r.target);
  }
}

/** Content types of an OOXML package's main part, and the kind of document each makes. */
const mainContentTypes: Array<[RegExp, string]> = [
  [/wordprocessingml\.(?:document|template)\.main\+xml|ms-word\.(?:document|template)\.macroEnabled/i, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  [/spreadsheetml\.(?:sheet|template)\.main\+xml|ms-excel\.(?:sheet|template)\.macroEnabled/i, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  [/presentationml\.(?:presentation|slideshow|template)\.main\+xml|ms-powerpoint\.(?:presentation|slideshow|template)\.macroEnabled/i, 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];

/** The document kind `[Content_Types].xml` declares for its main part, whatever the part is called. */
export function kindByContentTypes(contentTypesXml: string): string | undefined {
  for (const [re, kind] of mainContentTypes) if (re.test(contentTypesXml)) return kind;
  return undefined;
}
