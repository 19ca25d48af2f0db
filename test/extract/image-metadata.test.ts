import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import sharp from 'sharp';
import { commentTexts, readExif, utf16 } from '../../src/extract/exif.js';
import { readGif, readJpeg, readPng } from '../../src/extract/image-containers.js';
import { imageMetadata } from '../../src/extract/image-metadata.js';
import { readIptc } from '../../src/extract/iptc.js';
import { Budget } from '../../src/extract/metadata-budget.js';
import { loadPolicy } from '../../src/policy/load.js';
import { Scanner } from '../../src/scanner.js';
import { app13Iptc, app1Exif, app1Xmp, asciiEntry, exifBlock, multiPageTiff, userCommentEntry, withGifComment, withJpegSegments, withPngChunks, xpEntry, zTXt } from '../fixtures/image-meta.js';
import { pngChunk } from '../fixtures/make.js';
import { markedHeader, renderPage } from '../fixtures/pages.js';

const policy = loadPolicy('policies/default.yaml');
const scanner = new Scanner(policy);
const noOcr = new Scanner(policy, { ocr: false });
after(() => Promise.all([scanner.close(), noOcr.close()]));

const budget = () => new Budget(8 << 20);
const scan = (by: Scanner, file: string, bytes: Buffer) => by.scan([{ part: 'file', file, bytes }]);
const photo = () => sharp({ create: { width: 400, height: 300, channels: 3, background: '#cfe3f1' } });

describe('image metadata in the extractor', () => {
  const xpTitled = async (title: string) => withJpegSegments(await photo().jpeg().toBuffer(), [app1Exif(exifBlock([xpEntry(0x9c9b, title), asciiEntry(0x013b, '南屏省人民政府 摄')]))]);

  it('puts metadata text on page 1 as metadata lines', async () => {
    const r = await scan(scanner, 'photo.jpg', await xpTitled('防汛工作会议'));
    assert.equal(r.decision.verdict, 'allow');
    const lines = r.documents[0]!.pages[0]!.lines.filter((l) => l.origin === 'metadata').map((l) => l.text);
    assert.deepEqual(lines.sort(), ['南屏省人民政府 摄', '防汛工作会议'].sort());
  });

  it('reads metadata when OCR is disabled, and still holds the image as unread', async () => {
    const marked = await scan(noOcr, 'photo.jpg', await xpTitled('秘密★1年'));
    const rules = marked.findings.map((f) => f.rule);
    assert.ok(rules.some((r) => r.startsWith('marking.')), rules.join());
    assert.ok(rules.includes('unscannable.unsupported-format'), rules.join());
    const clean = await scan(noOcr, 'photo.jpg', await xpTitled('第一季度'));
    assert.deepEqual(
      clean.findings.map((f) => f.rule),
      ['unscannable.unsupported-format'],
    );
  });

  it('reads metadata before the early exit on a decisive page-1 header', async () => {
    const page = await sharp(await renderPage(markedHeader)).jpeg().toBuffer();
    const bytes = withJpegSegments(page, [app1Exif(exifBlock([xpEntry(0x9c9b, '机密★10年')]))]);
    const r = await scan(scanner, 'scan.jpg', bytes);
    assert.equal(r.decision.verdict, 'block');
    assert.ok(
      r.findings.some((f) => f.evidence.includes('机密★10年')),
      JSON.stringify(r.findings.map((f) => f.evidence)),
    );
  });

  it('skips malformed EXIF and reads the image', async () => {
    const exif = exifBlock([asciiEntry(0x010e, '第一季度'), xpEntry(0x9c9b, '防汛工作会议')]);
    // IFD0's next pointer at itself: a loop.
    exif.writeUInt32LE(8, 6 + 8 + 2 + 2 * 12);
    const r = await scan(scanner, 'photo.jpg', withJpegSegments(await photo().jpeg().toBuffer(), [app1Exif(exif)]));
    assert.equal(r.decision.verdict, 'allow', JSON.stringify(r.findings.map((f) => [f.rule, f.evidence])));
  });

  it('holds an image whose metadata is past the budget (a zTXt bomb)', async () => {
    const bomb = zTXt('Comment', Buffer.alloc(12 << 20, 0x20));
    const started = Date.now();
    const r = await scan(noOcr, 'bomb.png', withPngChunks(await photo().png().toBuffer(), [bomb], 'head'));
    assert.ok(r.findings.some((f) => f.rule === 'unscannable.too-large'));
    assert.ok(Date.now() - started < 5000);
  });
});

describe('EXIF parser', () => {
  const texts = (b: Buffer) => readExif(b, budget()).texts;

  it('reads ASCII tags as UTF-8 or GB18030, XP tags as UTF-16LE, in both byte orders', () => {
    for (const bigEndian of [false, true]) {
      const block = exifBlock([asciiEntry(0x010e, '秘密★1年'), asciiEntry(0x8298, '版权所有', 'gb18030'), xpEntry(0x9c9f, '防汛')], { bigEndian });
      assert.deepEqual(texts(block), ['秘密★1年', '版权所有', '防汛']);
      assert.deepEqual(texts(block.subarray(6)), ['秘密★1年', '版权所有', '防汛'], 'without the Exif header');
    }
  });

  it('reads the Exif IFD: UserComment in each charset and byte order', () => {
    const comment = (e: ReturnType<typeof userCommentEntry>, bigEndian = false) => texts(exifBlock([], { exif: [e], bigEndian }));
    assert.deepEqual(comment(userCommentEntry('秘密★1年', 'UNICODE')), ['秘密★1年']);
    assert.deepEqual(comment(userCommentEntry('秘密★1年', 'UNICODE', 'be'), true), ['秘密★1年']);
    // Written little-endian in a big-endian file: the plausible order wins.
    assert.deepEqual(comment(userCommentEntry('秘密★1年 photo', 'UNICODE', 'le'), true), ['秘密★1年 photo']);
    assert.deepEqual(comment(userCommentEntry('秘密★1年', 'ASCII')), ['秘密★1年']);
    assert.deepEqual(commentTexts(Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), Buffer.from([0xfe, 0xff]), iconv.encode('机密', 'utf-16be')]), true), ['机密']);
    assert.deepEqual(commentTexts(Buffer.concat([Buffer.from('JIS\0\0\0\0\0', 'latin1'), Buffer.from('\x1b$B', 'latin1'), Buffer.from(iconv.encode('秘密', 'euc-jp').map((b) => b & 0x7f)), Buffer.from('\x1b(B', 'latin1')]), true), ['秘密']);
    assert.equal(utf16(Buffer.from([0xff, 0xfe, 0xd8, 0x79]), false), '秘');
  });

  it('reads the IFD chain (every page of a TIFF) and hands on XMP blocks', async () => {
    const tiny = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    const xmp = { tag: 0x02bc, type: 1, value: Buffer.from('<x:xmpmeta/>') };
    const tiff = await multiPageTiff([{ png: tiny, tags: [asciiEntry(0x010e, 'page 1'), xmp] }, { png: tiny, tags: [asciiEntry(0x011d, '秘密★1年')] }]);
    const found = readExif(tiff, budget());
    assert.deepEqual(found.texts, ['page 1', '秘密★1年']);
    assert.deepEqual(
      found.blobs.map((b) => [b.kind, b.bytes.toString()]),
      [['xmp', '<x:xmpmeta/>']],
    );
  });

  it('survives hostile structures: truncation, loops, huge counts, shared values', () => {
    const block = exifBlock([asciiEntry(0x010e, '秘密★1年'), xpEntry(0x9c9b, '防汛')], { exif: [userCommentEntry('第一季度', 'UNICODE')] });
    for (let n = 0; n <= block.length; n++) readExif(block.subarray(0, n), budget());
    // Exif IFD pointing back at IFD0, IFD0's next at itself.
    const loop = Buffer.from(block);
    const tiff = loop.subarray(6);
    tiff.writeUInt32LE(8, 8 + 2 + 3 * 12);
    const exifPointer = 8 + 2 + 1 * 12;
    assert.equal(tiff.readUInt16LE(exifPointer), 0x8769);
    const exifIfd = tiff.readUInt32LE(exifPointer + 8);
    tiff.writeUInt32LE(8, exifIfd + 2 + 12);
    assert.deepEqual(readExif(loop, budget()).texts, ['秘密★1年', '防汛', '第一季度']);
    // An entry count of 65535 and a value count of 2^32 - 1 in a short block.
    const huge = Buffer.from(block);
    huge.subarray(6).writeUInt16LE(0xffff, 8);
    huge.subarray(6).writeUInt32LE(0xffffffff, 8 + 2 + 4);
    assert.doesNotThrow(() => readExif(huge, budget()));
    // Thousands of entries at one 1 MB value: read once, and the budget holds anyway.
    const entries = 4000;
    const shared = Buffer.alloc(8 + 2 + entries * 12 + 4 + (1 << 20), 0x41);
    shared.write('II*\0', 'latin1');
    shared.writeUInt32LE(8, 4);
    shared.writeUInt16LE(entries, 8);
    for (let i = 0; i < entries; i++) {
      const e = 10 + i * 12;
      shared.writeUInt16LE(0x010e, e);
      shared.writeUInt16LE(2, e + 2);
      shared.writeUInt32LE((1 << 20) - i, e + 4);
      shared.writeUInt32LE(shared.length - (1 << 20), e + 8);
    }
    const small = new Budget(4 << 20);
    const started = Date.now();
    readExif(shared, small);
    assert.ok(small.over, 'distinct lengths over one value still count against the budget');
    assert.ok(Date.now() - started < 2000);
  });

  it('never throws on random bytes after a TIFF header', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 600 }), (le, tail) => {
        const bytes = Buffer.concat([Buffer.from(le ? 'II*\0\x08\0\0\0' : 'MM\0*\0\0\0\x08', 'latin1'), tail]);
        readExif(bytes, budget());
        imageMetadata(bytes, 'image/tiff');
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});

describe('IPTC parser', () => {
  it('reads datasets bare and in Photoshop resources', () => {
    const app13 = app13Iptc([[5, '防汛工作会议'], [120, '秘密★1年'], [25, '防汛']]).data;
    assert.deepEqual(readIptc(app13).texts, ['防汛工作会议', '秘密★1年', '防汛']);
    const gbk = Buffer.concat([Buffer.from([0x1c, 2, 105, 0, 9]), iconv.encode('秘密★1年', 'gb18030')]);
    assert.deepEqual(readIptc(gbk).texts, ['秘密★1年']);
    // An extended length: 0x8004, then four length bytes.
    const extended = Buffer.concat([Buffer.from([0x1c, 2, 120, 0x80, 0x04, 0, 0, 0, 13]), Buffer.from('秘密★1年')]);
    assert.deepEqual(readIptc(extended).texts, ['秘密★1年']);
  });

  it('survives hostile datasets and resources', () => {
    const app13 = app13Iptc([[120, '秘密★1年']]).data;
    for (let n = 0; n <= app13.length; n++) readIptc(app13.subarray(0, n));
    assert.deepEqual(readIptc(Buffer.from([0x1c, 2, 120, 0x80, 0x00, 0x1c])).texts, []);
    assert.deepEqual(readIptc(Buffer.from([0x1c, 2, 120, 0x80, 0x07, 1, 2, 3, 4, 5, 6, 7])).texts, []);
    // A length past the end: what is there is read.
    assert.deepEqual(readIptc(Buffer.from([0x1c, 2, 120, 0x7f, 0xff, 0x41])).texts, ['A']);
    const resource = Buffer.from('8BIM\x04\x04\xff\x00\xff\xff\xff\xff', 'latin1');
    assert.doesNotThrow(() => readIptc(resource));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (tail) => {
        readIptc(Buffer.concat([Buffer.from('Photoshop 3.0\x008BIM\x04\x04', 'latin1'), tail]));
        readIptc(Buffer.concat([Buffer.from([0x1c]), tail]));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});

describe('PNG, GIF and JPEG walkers', async () => {
  const png = await photo().png().toBuffer();

  it('reads tEXt, zTXt and iTXt anywhere, inflating within the budget', () => {
    const itxt = pngChunk('iTXt', Buffer.concat([Buffer.from('Title\0\x01\0zh\0', 'latin1'), Buffer.from('标题\0'), deflateSync(Buffer.from('秘密★1年'))]));
    const bytes = withPngChunks(png, [pngChunk('tEXt', Buffer.from('Comment\0机密★10年')), zTXt('Author', Buffer.from('绝密★长期')), itxt], 'tail');
    assert.deepEqual(readPng(bytes, budget()).texts, ['机密★10年', '绝密★长期', '标题', '秘密★1年']);
  });

  it('reads tEXt that is not UTF-8 as GB18030 and as the Latin-1 of the spec', () => {
    const gbk = readPng(withPngChunks(png, [pngChunk('tEXt', Buffer.concat([Buffer.from('Title\0'), iconv.encode('秘密★1年', 'gb18030')]))], 'head'), budget()).texts;
    assert.equal(gbk[0], '秘密★1年');
    const latin1 = readPng(withPngChunks(png, [pngChunk('tEXt', Buffer.from('Title\0Caf\xe9', 'latin1'))], 'head'), budget()).texts;
    assert.ok(latin1.includes('Café'), latin1.join());
  });

  it('stops a zlib bomb at the budget and survives broken chunks', () => {
    const small = new Budget(1 << 20);
    const started = Date.now();
    readPng(withPngChunks(png, [zTXt('Comment', Buffer.alloc(64 << 20))], 'head'), small);
    assert.ok(small.over);
    assert.ok(Date.now() - started < 3000);
    const broken = withPngChunks(png, [pngChunk('zTXt', Buffer.from('Comment\0\0not zlib', 'latin1')), pngChunk('iTXt', Buffer.from('T\0\x01', 'latin1'))], 'head');
    assert.deepEqual(readPng(broken, budget()).texts, []);
    const huge = Buffer.from(png);
    huge.writeUInt32BE(0xffffffff, 8);
    assert.deepEqual(readPng(huge, budget()).texts, []);
    const truncated = withPngChunks(png, [zTXt('Comment', Buffer.from('秘密★1年'.repeat(400)))], 'head');
    for (let n = 0; n <= truncated.length; n += 7) readPng(truncated.subarray(0, n), budget());
  });

  it('reads GIF comments and survives truncation', async () => {
    const gif = withGifComment(await photo().gif().toBuffer(), Buffer.from('秘密★1年'.repeat(30)));
    assert.deepEqual(readGif(gif).texts, ['秘密★1年'.repeat(30)]);
    for (let n = 0; n <= gif.length; n++) readGif(gif.subarray(0, n));
  });

  it('reads JPEG segments and survives broken lengths', async () => {
    const jpeg = withJpegSegments(await photo().jpeg().toBuffer(), [app1Exif(exifBlock([asciiEntry(0x010e, '秘密★1年')])), { marker: 0xfe, data: Buffer.from('防汛') }]);
    const found = readJpeg(jpeg);
    assert.deepEqual(found.texts, ['防汛']);
    assert.deepEqual(found.blobs.map((b) => b.kind), ['exif']);
    for (let n = 0; n <= 300; n++) readJpeg(jpeg.subarray(0, n));
    const zero = Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]);
    assert.doesNotThrow(() => readJpeg(zero));
  });

  it('never throws on random bytes after any signature', () => {
    const heads: Array<[string, Buffer]> = [
      ['image/png', png.subarray(0, 8)],
      ['image/jpeg', Buffer.from([0xff, 0xd8])],
      ['image/gif', Buffer.from('GIF89a', 'latin1')],
      ['image/webp', Buffer.from('RIFF\0\0\0\0WEBP', 'latin1')],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...heads), fc.uint8Array({ maxLength: 600 }), ([type, head], tail) => {
        imageMetadata(Buffer.concat([head, tail]), type);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});

describe('XMP in images', () => {
  it('reads text nodes, CDATA and property attributes, in UTF-8 or UTF-16', async () => {
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:photoshop="p" photoshop:Headline="机密&#x2605;10年"><dc:title><rdf:Alt><rdf:li xml:lang="x-default"><![CDATA[秘密★1年]]></rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>';
    const jpeg = await photo().jpeg().toBuffer();
    const head = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
    for (const packet of [Buffer.from(xmp), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xmp, 'utf16le')])]) {
      const bytes = withJpegSegments(jpeg, [{ marker: 0xe1, data: Buffer.concat([head, packet]) }]);
      assert.deepEqual(
        imageMetadata(bytes, 'image/jpeg').lines.map((l) => l.text),
        ['机密★10年', '秘密★1年'],
      );
    }
    assert.doesNotThrow(() => imageMetadata(withJpegSegments(jpeg, [app1Xmp('<x:xmpmeta><rdf:li>秘密★1年<unclosed <<<&&;')]), 'image/jpeg'));
  });
});
