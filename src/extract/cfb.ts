import CFB from 'cfb';
import { emptyDocument } from './document.js';
import type { Extractor } from './extractor.js';
import { legacyWord } from './legacy-word.js';

/**
 * OLE compound files (CFB, MS-CFB; Word 97 FIB per MS-DOC): legacy Word/WPS
 * documents are read as text; password-protected Office files (EncryptionInfo
 * + EncryptedPackage) and legacy Excel/ET and PowerPoint binaries are held with
 * a reason that names what they are, rather than a generic "unsupported".
 */
const kinds: Array<[(names: Set<string>) => boolean, 'encrypted' | 'unsupported-format', string]> = [
  [(n) => n.has('encryptioninfo') && n.has('encryptedpackage'), 'encrypted', 'password-protected Office document'],
  [(n) => n.has('workbook') || n.has('book'), 'unsupported-format', 'legacy Excel/ET workbook (.xls/.et), not read as text yet'],
  [(n) => n.has('powerpoint document'), 'unsupported-format', 'legacy PowerPoint (.ppt), not read as text yet'],
];

export const cfbExtractor: Extractor = {
  id: 'cfb',
  mediaTypes: ['application/x-cfb'],
  async extract(input, mediaType, ctx) {
    const doc = emptyDocument(input.part, mediaType, input.file);
    const container = CFB.read(input.bytes, { type: 'buffer' });
    const names = new Set(container.FileIndex.filter((e) => e.type === 2).map((e) => e.name.toLowerCase()));
    if (names.has('worddocument') && !names.has('encryptioninfo')) return legacyWord(input, mediaType, ctx, container);
    const kind = kinds.find(([test]) => test(names));
    doc.problems.push(kind ? { code: kind[1], detail: kind[2] } : { code: 'unsupported-format', detail: 'OLE compound file of an unknown kind' });
    return doc;
  },
};
