import { gunzipSync } from 'node:zlib';
import { emptyDocument, type Document } from './document.js';
import type { ExtractContext, ExtractInput, Extractor } from './extractor.js';
import { ArchiveLimitError, readZip } from './zip.js';

async function entries(doc: Document, files: Iterable<[string, Uint8Array]>, input: ExtractInput, ctx: ExtractContext): Promise<Document> {
  for (const [name, data] of files) {
    if (name.endsWith('/') || data.length === 0) continue;
    ctx.signal.throwIfAborted();
    doc.children.push(await ctx.extractNested({ part: input.part, file: `${input.file ?? 'archive'}/${name}`, bytes: Buffer.from(data), depth: input.depth + 1 }));
  }
  return doc;
}

/** ustar / GNU tar: 512-byte headers, octal sizes, regular files only. */
export function* tarEntries(bytes: Uint8Array, limits: ExtractContext['limits']): Generator<[string, Uint8Array]> {
  let at = 0;
  let count = 0;
  let total = 0;
  while (at + 512 <= bytes.length) {
    const header = Buffer.from(bytes.subarray(at, at + 512));
    if (header.every((b) => b === 0)) return;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    if (!Number.isFinite(size) || size < 0) throw new Error('corrupt tar header');
    if (++count > limits.archiveEntries) throw new ArchiveLimitError(`more than ${limits.archiveEntries} entries`);
    total += size;
    if (total > limits.archiveBytes) throw new ArchiveLimitError(`more than ${limits.archiveBytes} bytes`);
    const start = at + 512;
    if (start + size > bytes.length) throw new Error('truncated tar entry');
    if (type === '0' || type === '\0') yield [prefix ? `${prefix}/${name}` : name, bytes.subarray(start, start + size)];
    at = start + Math.ceil(size / 512) * 512;
  }
}

/**
 * Archives: every entry is read through the registry, one level deeper, under
 * the entry-count, size and ratio limits; a bomb is refused before inflating.
 */
export const archiveExtractor: Extractor = {
  id: 'archive',
  mediaTypes: ['application/zip', 'application/gzip', 'application/x-tar'],
  async extract(input, mediaType, ctx) {
    const doc = emptyDocument(input.part, mediaType, input.file);
    if (mediaType === 'application/zip') return entries(doc, readZip(input.bytes, ctx.limits), input, ctx);
    if (mediaType === 'application/x-tar') return entries(doc, tarEntries(input.bytes, ctx.limits), input, ctx);
    let inner: Buffer;
    try {
      inner = gunzipSync(input.bytes, { maxOutputLength: ctx.limits.archiveBytes });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new ArchiveLimitError(`gzip expands past ${ctx.limits.archiveBytes} bytes`);
      throw err;
    }
    const name = (input.file ?? 'archive.gz').replace(/\.t?gz$/i, (m) => (m.toLowerCase() === '.tgz' ? '.tar' : ''));
    return entries(doc, [[name.split('/').pop() ?? name, inner]], { ...input, file: input.file }, ctx);
  },
};
