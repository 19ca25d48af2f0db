/**
 * Images whose mark is in what a reader sees besides the pixels: EXIF and
 * Windows properties, XMP, IPTC, PNG text chunks, GIF and JPEG comments, and
 * frames and pages after the first. Each builder also writes clean credits
 * (`南屏省人民政府 摄`, `防汛工作会议`) that must stay allowed.
 */
import iconv from 'iconv-lite';
import sharp from 'sharp';
import { cleanPage, renderPage } from '../fixtures/pages.js';
import { app13Iptc, app1Exif, app1Xmp, asciiEntry, comSegment, exifBlock, iTXt, multiPageTiff, rawProfileChunk, tEXt, userCommentEntry, withGifComment, withJpegSegments, withPngChunks, withWebpChunks, xmpPacket, xpEntry, zTXt, type ExifEntry } from '../fixtures/image-meta.js';
import { pngChunk } from '../fixtures/make.js';
import { twins, type HostileCase } from './case.js';

const width = 400;
const height = 300;
/** A landscape with no text: the pixels are clean in every case, so OCR reads each picture once (its cache). */
const photoSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#cfe3f1"/>` +
  '<path d="M0 190 L120 90 L230 190 Z" fill="#7a7f86"/><rect y="190" width="400" height="110" fill="#5c8a3a"/><circle cx="320" cy="70" r="36" fill="#f2c230"/></svg>';

const artist = asciiEntry(0x013b, '南屏省人民政府 摄');
const credits: ExifEntry[] = [artist, xpEntry(0x9c9b, '防汛工作会议')];
const creditXmp = { 'photoshop:Credit': '南屏省人民政府 摄' };

interface Pictures {
  png: Buffer;
  jpeg: Buffer;
  webp: Buffer;
  gif: Buffer;
}

async function pictures(): Promise<Pictures> {
  const png = await sharp(Buffer.from(photoSvg)).png().toBuffer();
  return {
    png,
    jpeg: await sharp(png).jpeg({ quality: 85 }).toBuffer(),
    webp: await sharp(png).webp({ quality: 80 }).toBuffer(),
    gif: await sharp(png).gif().toBuffer(),
  };
}

type Builder = [variant: string, file: string, build: (mark: string) => Buffer | Promise<Buffer>];

function exifBuilders(p: Pictures): Builder[] {
  const jpegExif = (ifd0: ExifEntry[], options: Parameters<typeof exifBlock>[1] = {}) => withJpegSegments(p.jpeg, [app1Exif(exifBlock(ifd0, options))]);
  return [
    ['jpeg-exif-description-utf8', 'photo.jpg', (m) => jpegExif([asciiEntry(0x010e, m), ...credits])],
    ['jpeg-exif-description-gbk-motorola', 'photo.jpg', (m) => jpegExif([asciiEntry(0x010e, m, 'gb18030'), ...credits], { bigEndian: true })],
    ['jpeg-exif-xptitle-utf16', 'photo.jpg', (m) => jpegExif([xpEntry(0x9c9b, m), artist, xpEntry(0x9c9f, '防汛工作会议')], { bigEndian: true })],
    ['jpeg-exif-usercomment-unicode', 'photo.jpg', (m) => jpegExif(credits, { exif: [userCommentEntry(m, 'UNICODE')] })],
    ['jpeg-exif-usercomment-unicode-motorola', 'photo.jpg', (m) => jpegExif(credits, { exif: [userCommentEntry(m, 'UNICODE', 'be')], bigEndian: true })],
    ['jpeg-exif-document-name', 'photo.jpg', (m) => jpegExif([asciiEntry(0x010d, `${m}.jpg`), ...credits])],
    ['png-exif-chunk-xpcomment', 'photo.png', (m) => withPngChunks(p.png, [pngChunk('eXIf', exifBlock([xpEntry(0x9c9c, m), ...credits], { header: false }))], 'head')],
    ['png-raw-profile-exif', 'photo.png', (m) => withPngChunks(p.png, [rawProfileChunk('exif', exifBlock([asciiEntry(0x010e, m), ...credits]))], 'head')],
    ['webp-exif-xpkeywords', 'photo.webp', (m) => withWebpChunks(p.webp, width, height, { exif: exifBlock([xpEntry(0x9c9e, m), ...credits]) })],
  ];
}

function xmpBuilders(p: Pictures): Builder[] {
  return [
    ['jpeg-xmp-dc-title', 'photo.jpg', (m) => withJpegSegments(p.jpeg, [app1Xmp(xmpPacket({ 'dc:title': m, 'dc:subject': '防汛工作会议' }, creditXmp))])],
    ['jpeg-xmp-dc-description', 'photo.jpg', (m) => withJpegSegments(p.jpeg, [app1Xmp(xmpPacket({ 'dc:description': m, 'dc:title': '防汛工作会议' }, creditXmp))])],
    ['jpeg-xmp-headline-attribute', 'photo.jpg', (m) => withJpegSegments(p.jpeg, [app1Xmp(xmpPacket({ 'dc:title': '防汛工作会议' }, { ...creditXmp, 'photoshop:Headline': m }))])],
    // sharp writes PNG XMP as a compressed zTXt chunk: no raw bytes show it.
    ['png-xmp-compressed', 'photo.png', async (m) => sharp(p.png).withXmp(xmpPacket({ 'dc:title': m, 'dc:subject': '防汛工作会议' }, creditXmp)).png().toBuffer()],
    ['webp-xmp-dc-description', 'photo.webp', (m) => withWebpChunks(p.webp, width, height, { xmp: xmpPacket({ 'dc:description': m }, creditXmp) })],
  ];
}

function iptcBuilders(p: Pictures): Builder[] {
  return [
    ['jpeg-iptc-caption', 'photo.jpg', (m) => withJpegSegments(p.jpeg, [app13Iptc([[5, '防汛工作会议'], [80, '南屏省人民政府 摄'], [120, m]])])],
    ['jpeg-iptc-headline', 'photo.jpg', (m) => withJpegSegments(p.jpeg, [app13Iptc([[105, m], [25, '防汛'], [80, '南屏省人民政府 摄']])])],
  ];
}

function commentBuilders(p: Pictures): Builder[] {
  return [
    ['jpeg-comment-gbk', 'photo.jpg', (m) => withJpegSegments(p.jpeg, [comSegment(iconv.encode(m, 'gb18030'))])],
    // After the image data, where sharp's reading of PNG text chunks stops.
    ['png-text-after-idat', 'photo.png', (m) => withPngChunks(p.png, [tEXt('Title', Buffer.from(m)), tEXt('Author', Buffer.from('南屏省人民政府 摄'))], 'tail')],
    ['png-ztxt', 'photo.png', (m) => withPngChunks(p.png, [zTXt('Comment', Buffer.from(m))], 'head')],
    ['png-itxt-compressed', 'photo.png', (m) => withPngChunks(p.png, [iTXt('Description', m, true), iTXt('Title', '防汛工作会议', false)], 'head')],
    ['gif-comment', 'photo.gif', (m) => withGifComment(p.gif, Buffer.from(m))],
  ];
}

/** A mark only where OCR must look past page 1: frame 3 of an animation, page 2 of a scan. */
function pageBuilders(p: Pictures): Builder[] {
  const markedPage = (m: string) => renderPage([{ text: m, x: 100, y: 120 }, ...cleanPage]);
  return [
    ['gif-frame-3', 'animation.gif', async (m) => sharp([await renderPage(cleanPage), await renderPage(cleanPage.slice(1)), await markedPage(m)], { join: { animated: true } }).gif().toBuffer()],
    ['tiff-page-2', 'scan.tiff', async (m) => sharp([await renderPage(cleanPage), await markedPage(m)], { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer()],
    ['tiff-page-2-description', 'scan.tiff', async (m) => multiPageTiff([{ png: p.png, tags: [artist] }, { png: p.png, tags: [asciiEntry(0x010e, m), asciiEntry(0x011d, '防汛工作会议')] }])],
  ];
}

export async function imageCases(): Promise<HostileCase[]> {
  const p = await pictures();
  const builders = [...exifBuilders(p), ...xmpBuilders(p), ...iptcBuilders(p), ...commentBuilders(p), ...pageBuilders(p)];
  const cases: HostileCase[] = [];
  for (const [variant, file, build] of builders) cases.push(...(await twins('metadata', variant, file, build)));
  return cases;
}
