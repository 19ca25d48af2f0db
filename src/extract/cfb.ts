import CFB from 'cfb';
import { emptyDocument } from './document.js';
import type { Extractor } from './extractor.js';

/**
 * OLE compound files (CFB, ../shared/FORMATS.md §2-3): password-protected Office
 * files (EncryptionInfo + EncryptedPackage) and legacy Word/WPS, Excel/ET and
 * PowerPoint binaries. None of them is read as text yet, so each is held with
 * a reason that names what it is, rather than a generic "unsupported".
 */
const kinds: Array<[(names: Set<string>) => boolean, 'encrypted' | 'unsupported-format', string]> = [
  [(n) => n.has('encryptioninfo') && n.has('encryptedpackage'), 'encrypted', 'password-protected Office document'],
  [(n) => n.has('worddocument'), 'unsupported-format', 'legacy Word/WPS document (.doc/.wps), not read as text yet'],
  [(n) => n.has('workbook') || n.has('book'), 'unsupported-format', 'legacy Excel/ET workbook (.xls/.et), not read as text yet'],
  [(n) => n.has('powerpoint document'), 'unsupported-format', 'legacy PowerPoint (.ppt), not read as text yet'],
];

export const cfbExtractor: Extractor = {
  id: 'cfb',
  mediaTypes: ['application/x-cfb'],
  async extract(input, mediaType) {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const container = CFB.read(input.bytes, { type: 'buffer' });
    const names = new Set(container.FileIndex.filter((e) => e.type === 2).map((e) => e.name.toLowerCase()));
    const kind = kinds.find(([test]) => test(names));
    doc.problems.push(kind ? { code: kind[1], detail: kind[2] } : { code: 'unsupported-format', detail: 'OLE compound file of an unknown kind' });
    return doc;
  },
};
