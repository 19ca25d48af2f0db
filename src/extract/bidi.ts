/**
 * Text between a right-to-left override (U+202E) and its end (U+202C, or
 * the end of the text) is shown reversed: `U+202E年1★密秘U+202C` reads as a
 * mark on screen. (Chinese letters are strong left-to-right: embeddings and
 * isolates leave them in order; only an override turns them round.)
 */
export function applyBidiControls(text: string): string {
  if (!text.includes('\u202e')) return text;
  return text.replace(/\u202e([^\u202c]*)\u202c?/g, (_m, inner: string) => [...inner].reverse().join(''));
}
