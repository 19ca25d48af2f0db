/**
 * CMS markup inside a post body that the CMS turns into page text: block
 * editor comments (`<!-- wp:search {"label":"…"} /-->`: the JSON attributes
 * are rendered) and shortcodes (`[caption caption="…"]`: attribute values
 * are rendered). Their values are read as text of their own, unquoted, so a
 * value is never mistaken for a quotation.
 */

/** String values of a block comment's JSON attributes (`wp:name {…}`), depth first. */
export function blockAttributeValues(comment: string): string[] {
  const m = /^\s*\/?[a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?:[a-z][a-z0-9/_-]*\s+(\{[\s\S]*\})\s*\/?\s*$/i.exec(comment);
  if (!m) return [];
  try {
    const values: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') {
        if (v.trim()) values.push(v);
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k.trim()) values.push(k);
          walk(x);
        }
      }
    };
    walk(JSON.parse(m[1]!));
    return values;
  } catch {
    return [];
  }
}

/** Attribute values of every shortcode in a text (`[name a="x" b='y' c=z]`, closing tags ignored). */
export function shortcodeAttributeValues(text: string): string[] {
  const values: string[] = [];
  for (const tag of text.matchAll(/\[([a-zA-Z][\w-]*)((?:\s+[^\]]*)?)\]/g)) {
    const attrs = tag[2] ?? '';
    for (const a of attrs.matchAll(/(?:[\w-]+\s*=\s*)?(?:"([^"]*)"|'([^']*)'|([^\s"'=\]]+))/g)) {
      const v = a[1] ?? a[2] ?? a[3];
      if (v?.trim()) values.push(v);
    }
  }
  return values;
}
