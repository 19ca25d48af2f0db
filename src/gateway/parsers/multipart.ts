import busboy from 'busboy';
import type { Problem } from '../../extract/document.js';
import { charsetOf } from '../../extract/charset.js';
import type { ScanPart } from '../../scanner.js';
import type { BodyProcessor } from './body-processor.js';

/**
 * Looks at the raw part headers for what makes a multipart body readable two
 * ways: two boundaries, two Content-Disposition headers in a part, a
 * `filename*` that disagrees with `filename`, a name given twice.
 */
export function multipartAmbiguities(bytes: Buffer, contentType: string): Problem[] {
  const boundaries = [...contentType.matchAll(/[;\s]boundary\s*=\s*("[^"]*"|[^;\s]+)/gi)];
  if (boundaries.length !== 1) return [{ code: 'ambiguous', detail: `multipart Content-Type has ${boundaries.length} boundary parameters` }];
  const boundary = boundaries[0]![1]!.replace(/^"|"$/g, '');
  const delimiter = Buffer.from(`--${boundary}`);
  const problems: Problem[] = [];
  let at = bytes.indexOf(delimiter);
  while (at >= 0) {
    const headStart = at + delimiter.length;
    const headEnd = bytes.indexOf('\r\n\r\n', headStart);
    if (headEnd < 0) break;
    const head = bytes.subarray(headStart, headEnd).toString('latin1');
    const dispositions = head.match(/^content-disposition\s*:.*$/gim) ?? [];
    if (dispositions.length > 1) problems.push({ code: 'ambiguous', detail: 'a multipart part has two Content-Disposition headers' });
    const d = dispositions[0] ?? '';
    if ((d.match(/[;\s]name\s*=/gi) ?? []).length > 1) problems.push({ code: 'ambiguous', detail: 'a multipart part names its field twice' });
    const plain = /[;\s]filename\s*=\s*(?:"([^"]*)"|([^;\r\n]+))/i.exec(d);
    const star = /filename\*\s*=\s*[^']*'[^']*'([^;\r\n]+)/i.exec(d);
    if (plain && star) {
      let starName = star[1]!.trim();
      try {
        starName = decodeURIComponent(starName);
      } catch {
        /* compared raw */
      }
      const plainName = Buffer.from((plain[1] ?? plain[2] ?? '').trim(), 'latin1').toString('utf8');
      if (starName !== plainName) problems.push({ code: 'ambiguous', detail: 'filename and filename* disagree in a multipart part' });
    }
    at = bytes.indexOf(delimiter, headEnd);
  }
  return problems;
}

/** multipart/form-data via busboy: fields and files (media uploads, classic editor with attachments). */
export const multipartProcessor: BodyProcessor = {
  id: 'multipart',
  accepts: (mediaType) => mediaType === 'multipart/form-data',
  parse({ bytes, contentType, limits }) {
    const ambiguities = multipartAmbiguities(bytes, contentType);
    if (ambiguities.length) return Promise.resolve({ parts: [], problems: ambiguities });
    return new Promise((resolve) => {
      const parts: ScanPart[] = [];
      const problems: Problem[] = [];
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        resolve({ parts, problems });
      };
      let bb: busboy.Busboy;
      try {
        bb = busboy({
          headers: { 'content-type': contentType },
          defCharset: charsetOf(contentType) ?? 'utf8',
          defParamCharset: 'utf8',
          preservePath: true,
          limits: { parts: limits.multipartParts, fieldSize: bytes.length + 1, fileSize: bytes.length + 1, fieldNameSize: 1024 },
        });
      } catch (err) {
        problems.push({ code: 'malformed', detail: `multipart: ${(err as Error).message}` });
        finish();
        return;
      }
      const pending: Array<Promise<void>> = [];
      bb.on('field', (name, value) => {
        if (value.trim()) parts.push({ part: `field:${name}`, bytes: Buffer.from(value, 'utf8'), text: value });
      });
      bb.on('file', (name, stream, info) => {
        const chunks: Buffer[] = [];
        pending.push(
          new Promise((done) => {
            stream.on('data', (c: Buffer) => chunks.push(c));
            stream.on('end', () => {
              parts.push({ part: `file:${name}`, file: info.filename || undefined, bytes: Buffer.concat(chunks), declaredType: info.mimeType });
              done();
            });
            stream.on('error', () => done());
          }),
        );
      });
      bb.on('partsLimit', () => problems.push({ code: 'too-many-parts', detail: `more than ${limits.multipartParts} multipart parts` }));
      bb.on('error', (err: Error) => {
        problems.push({ code: 'malformed', detail: `multipart: ${err.message}` });
        finish();
      });
      bb.on('close', () => void Promise.all(pending).then(finish));
      bb.end(bytes);
    });
  },
};
