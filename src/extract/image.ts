import sharp, { type Metadata } from 'sharp';
import { emptyDocument, type Document, type TextLine } from './document.js';
import type { ExtractContext, Extractor } from './extractor.js';
import { imageMetadata } from './image-metadata.js';
import type { OcrLine } from './ocr/engine.js';
import { redSignals } from './red-layout.js';

/** OCR reads best at roughly 150-200 dpi for an A4 page: scale pages to this width. */
const targetWidth = 1654;
/** The top band read first on page 1 (份号, 密级, 版头 sit there). */
const headerBand = 0.3;

interface GreyPage {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Decodes one page once: EXIF orientation applied, grey. Contrast is stretched
 * only when the page lacks it: stretching a clean white page amplifies JPEG
 * noise into false glyphs.
 */
async function decodePage(bytes: Buffer, page: number, limits: ExtractContext['limits']): Promise<GreyPage> {
  // failOn truncated: a cut-off image is held as malformed, never read in part and passed.
  const { data, info } = await sharp(bytes, { page, limitInputPixels: limits.imagePixels, failOn: 'truncated' })
    .rotate()
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let min = 255;
  let max = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min < 150 && max > min) {
    const k = 255 / (max - min);
    for (let i = 0; i < data.length; i++) data[i] = Math.round((data[i]! - min) * k);
  }
  return { data: info.channels === 1 ? data : await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).extractChannel(0).raw().toBuffer(), width: info.width, height: info.height };
}

/** The PNG the OCR engine reads: the whole page or its top band, scaled to about 200 dpi. */
async function ocrImage(page: GreyPage, region?: 'top'): Promise<{ png: Buffer; scale: number }> {
  const scale = page.width < 1000 || page.width > 2500 ? targetWidth / page.width : 1;
  let img = sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } });
  if (region === 'top') img = img.extract({ left: 0, top: 0, width: page.width, height: Math.max(1, Math.round(page.height * headerBand)) });
  if (scale !== 1) img = img.resize({ width: Math.round(page.width * scale) });
  // A density, or tesseract warns of an invalid resolution; fast compression: the PNG lives for one call.
  return { png: await img.withMetadata({ density: 200 }).png({ compressionLevel: 1 }).toBuffer(), scale };
}

function toLines(ocr: OcrLine[], scale: number): TextLine[] {
  return ocr.map((l) => ({
    text: l.text,
    origin: 'visible' as const,
    zone: 'body' as const,
    box: { x: l.box.x / scale, y: l.box.y / scale, w: l.box.w / scale, h: l.box.h / scale },
  }));
}

/**
 * Images (PNG, JPEG, WebP, TIFF with its pages, GIF with its frames, BMP):
 * their metadata text (EXIF, XMP, IPTC, text chunks, comments) always, then
 * offline OCR. The pixel limit is checked from the header before anything is
 * decoded. Page 1 is read header-first: if its top band (with the metadata)
 * already carries a strong mark, the rest is not read.
 */
export const imageExtractor: Extractor = {
  id: 'image',
  mediaTypes: ['image/png', 'image/jpeg', 'image/webp', 'image/tiff', 'image/gif', 'image/bmp'],
  async extract(input, mediaType, ctx): Promise<Document> {
    const doc = emptyDocument(input.part, mediaType, input.file);
    let meta: Metadata | undefined;
    try {
      meta = await sharp(input.bytes, { limitInputPixels: false }).metadata();
    } catch (err) {
      doc.problems.push({ code: 'malformed', detail: `image cannot be read (${(err as Error).message})` });
    }
    // Read before any early return: an image held unread (too large, no OCR, undecodable) still reports its metadata's marks.
    const metadata = imageMetadata(input.bytes, mediaType, meta);
    doc.problems.push(...metadata.problems);
    const withMetadata = (lines: TextLine[]) => [...lines, ...metadata.lines];
    const unread = () => {
      if (metadata.lines.length) doc.pages.push({ number: 1, lines: metadata.lines });
      return doc;
    };
    if (!meta) return unread();
    const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
    if (pixels > ctx.limits.imagePixels) {
      doc.problems.push({ code: 'too-large', detail: `image of ${meta.width}×${meta.pageHeight ?? meta.height} pixels (limit ${ctx.limits.imagePixels})` });
      return unread();
    }
    const pages = Math.min(meta.pages ?? 1, ctx.limits.imagePages);
    if ((meta.pages ?? 1) > ctx.limits.imagePages) doc.problems.push({ code: 'too-large', detail: `${meta.pages} image pages (limit ${ctx.limits.imagePages})` });
    if (!ctx.ocr) {
      doc.problems.push({ code: 'unsupported-format', detail: 'image, and OCR is disabled' });
      return unread();
    }
    // sharp does not decode BMP: such files are held (fail closed) rather than passed unread.
    if (mediaType === 'image/bmp' && !meta.format) {
      doc.problems.push({ code: 'unsupported-format', detail: 'BMP image cannot be decoded' });
      return unread();
    }
    for (let p = 0; p < pages; p++) {
      ctx.signal.throwIfAborted();
      // Both decode on libuv threads: side by side. Boxes are in the upright page's pixels.
      const [grey, signals] = await Promise.all([decodePage(input.bytes, p, ctx.limits), redSignals(input.bytes, meta.autoOrient?.width ?? meta.width ?? 0, p)]);
      if (p === 0) {
        const top = await ocrImage(grey, 'top');
        doc.pages.push({ number: 1, width: grey.width, height: grey.height, signals, lines: withMetadata(toLines(await ctx.ocr.recognize(top.png), top.scale)) });
        if (ctx.decisive(doc)) return doc;
        doc.pages.pop();
      }
      const whole = await ocrImage(grey);
      const lines = toLines(await ctx.ocr.recognize(whole.png), whole.scale);
      // Metadata lines go with page 1 (they have no position, so keep the zone they were given).
      doc.pages.push({ number: p + 1, width: grey.width, height: grey.height, signals, lines: p === 0 ? withMetadata(lines) : lines });
    }
    return doc;
  },
};
