/** A decoded `data:` URI (RFC 2397). */
export interface DataUri {
  mediaType: string;
  bytes: Buffer;
}

/** Decodes a data: URI, or returns undefined when the string is not one. */
export function decodeDataUri(uri: string): DataUri | undefined {
  const m = /^\s*data:([^,]*?)(;base64)?,(.*)$/is.exec(uri);
  if (!m) return undefined;
  const mediaType = (m[1] || 'text/plain').toLowerCase();
  const payload = m[3] ?? '';
  const bytes = m[2] ? Buffer.from(payload.replace(/\s+/g, ''), 'base64') : Buffer.from(decodeURIComponent(payload), 'utf8');
  return { mediaType, bytes };
}

/** Every data: URI inside a CSS value or srcset (`url(data:…)`, `data:… 2x`). */
export function dataUrisIn(value: string): string[] {
  return [...value.matchAll(/data:[^\s"'()]+/gi)].map((m) => m[0]);
}
