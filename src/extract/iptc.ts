import { asciiText } from './exif.js';
import { nothingFound, type Found } from './metadata-budget.js';

/**
 * IPTC-IIM (ObjectName 2:05, Keywords 2:25, Headline 2:105, Caption 2:120 …)
 * as JPEG APP13 and TIFF carry it: bare datasets, or inside Photoshop image
 * resources (`Photoshop 3.0\0`, 8BIM blocks), where XMP and EXIF may sit too.
 */

const photoshopHeader = 'Photoshop 3.0\0';
const resourceSignatures = new Set(['8BIM', 'MeSa', 'PHUT', 'AgHg', 'DCSR']);
const iptcResource = 0x0404;
const exifResource = 0x0422;
const xmpResource = 0x0424;
/** Photoshop's old caption resource: a Pascal string. */
const captionResource = 0x03f0;

/** Its cost is linear in the block's size, which the caller charges to the image's budget. */
export function readIptc(bytes: Buffer): Found {
  if (bytes.subarray(0, photoshopHeader.length).toString('latin1') === photoshopHeader) return readResources(bytes.subarray(photoshopHeader.length));
  if (resourceSignatures.has(bytes.subarray(0, 4).toString('latin1'))) return readResources(bytes);
  return readDatasets(bytes);
}

/** Photoshop image resources: signature, id, padded Pascal name, size, data padded to even. */
function readResources(bytes: Buffer): Found {
  const found = nothingFound();
  let o = 0;
  while (o + 12 <= bytes.length && resourceSignatures.has(bytes.subarray(o, o + 4).toString('latin1'))) {
    const id = bytes.readUInt16BE(o + 4);
    const nameLength = bytes[o + 6]!;
    const sizeAt = o + 6 + ((nameLength + 2) & ~1);
    if (sizeAt + 4 > bytes.length) break;
    const size = bytes.readUInt32BE(sizeAt);
    const data = bytes.subarray(sizeAt + 4, sizeAt + 4 + size);
    if (id === iptcResource) merge(found, readDatasets(data));
    else if (id === xmpResource) found.blobs.push({ kind: 'xmp', bytes: data });
    else if (id === exifResource) found.blobs.push({ kind: 'exif', bytes: data });
    else if (id === captionResource && data.length) found.texts.push(asciiText(data.subarray(1, 1 + data[0]!)));
    o = sizeAt + 4 + size + (size & 1);
  }
  return found;
}

/**
 * IIM datasets: 0x1C, record, dataset, length (or, with the high bit set, the
 * number of length bytes that follow). Record 2 holds what people read; its
 * version (2:00) and the object preview (2:200 and up) are binary.
 */
function readDatasets(bytes: Buffer): Found {
  const found = nothingFound();
  let o = 0;
  while (o + 5 <= bytes.length) {
    // Writers pad with zeros; anything else is not IIM any more (readers stop there too).
    if (bytes[o] === 0) {
      o++;
      continue;
    }
    if (bytes[o] !== 0x1c) break;
    const record = bytes[o + 1]!;
    const dataset = bytes[o + 2]!;
    let length = bytes.readUInt16BE(o + 3);
    let start = o + 5;
    if (length & 0x8000) {
      const n = length & 0x7fff;
      if (n < 1 || n > 4 || start + n > bytes.length) break;
      length = bytes.readUIntBE(start, n);
      start += n;
    }
    const value = bytes.subarray(start, start + length);
    if (record === 2 && dataset > 0 && dataset < 200 && value.length) found.texts.push(asciiText(value));
    o = start + length;
  }
  return found;
}

function merge(into: Found, from: Found): void {
  into.texts.push(...from.texts);
  into.blobs.push(...from.blobs);
}
