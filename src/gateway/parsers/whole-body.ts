import type { BodyProcessor } from './body-processor.js';

/**
 * Bodies that are one document: HTML, plain text, XML (XML-RPC), or a raw file
 * upload (`Content-Disposition: attachment; filename=…`, as WordPress media
 * uploads send). The extractor registry sniffs what the bytes really are.
 */
export const wholeBodyProcessor: BodyProcessor = {
  id: 'whole-body',
  accepts: () => true,
  async parse({ bytes, contentType, headers }) {
    const disposition = headers['content-disposition'] ?? '';
    const file = fileNameOf(disposition);
    return { parts: [{ part: file ? 'file' : 'body', file, bytes, declaredType: contentType || undefined }], problems: [] };
  },
};

/** filename* (RFC 6266/5987) wins over filename, as browsers and PHP do. */
export function fileNameOf(disposition: string): string | undefined {
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[2]!.trim());
    } catch {
      return star[2]!.trim();
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(disposition);
  return plain ? (plain[1] ?? plain[2] ?? '').trim() : undefined;
}
