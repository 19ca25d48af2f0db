import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeWords, leafParts, splitHeaders } from '../../src/extract/mime.js';
import { readRtf } from '../../src/extract/rtf.js';
import { headerFooterSections } from '../../src/extract/worksheet-text.js';

const gbk = (s: string) => [...iconv.encode(s, 'gbk')].map((b) => `\\'${b.toString(16)}`).join('');
const shown = (rtf: string) => readRtf(rtf).body.lines.map((l) => l.shown);

describe('RTF', () => {
  it('decodes bytes in the font charset, \\uN with its fallback skipped, and symbols', () => {
    const rtf = `{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0\\fswiss Arial;}{\\f1\\fnil\\fcharset134 SimSun;}}\\f1 ${gbk('秘密')}\\f0\\uc2\\u9733\\'3f\\'3f 1\\f1 ${gbk('年')}\\par A\\~B\\{C\\}\\par}`;
    assert.deepEqual(shown(rtf), ['秘密★ 1年', 'A B{C}']);
  });

  it('keeps hidden text (\\v) out of the line as shown and in the line as written', () => {
    const r = readRtf(`{\\rtf1\\ansi\\ansicpg936 秘{\\v X}密★1年\\par}`);
    assert.deepEqual(r.body.lines, [{ shown: '秘密★1年', written: '秘X密★1年' }]);
  });

  it('skips tables and unknown destinations, reads headers, footers, properties and field results', () => {
    const r = readRtf(
      `{\\rtf1{\\fonttbl{\\f0 Times;}}{\\colortbl;\\red0\\green0\\blue0;}{\\*\\generator Riched20;}{\\info{\\title Notice 1}{\\author Li}}{\\header Top\\par}{\\footer Bottom}{\\*\\unknown secret}{\\field{\\*\\fldinst QUOTE "x"}{\\fldrslt Result}}\\par Body\\par}`,
    );
    assert.deepEqual(r.header.lines.map((l) => l.shown), ['Top']);
    assert.deepEqual(r.footer.lines.map((l) => l.shown), ['Bottom']);
    assert.deepEqual(r.metadata, ['Notice 1', 'Li']);
    assert.deepEqual(r.body.lines.map((l) => l.shown), ['QUOTE "x"Result', 'Body']);
  });

  it('takes pictures out as files (hex and \\bin)', () => {
    const r = readRtf(`{\\rtf1{\\pict\\pngblip 89504e47\r\n0d0a1a0a}{\\*\\shppict{\\pict\\jpegblip\\bin3 \xff\xd8\xff}}}`);
    assert.deepEqual(r.pictures.map((p) => p.toString('hex')), ['89504e470d0a1a0a', 'ffd8ff']);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '\\', "'", 'u', 'b', 'i', 'n', '9', '-', ' ', 'a', '*', 'v', 'f') , maxLength: 200 }), (s) => {
        readRtf(`{\\rtf1 ${s}`);
      }),
      { numRuns: 2000, seed: 10 },
    );
    readRtf(`{\\rtf1 ${'{'.repeat(100_000)}x`);
    readRtf('{\\rtf1 \\bin999999999 x}');
  });
});

describe('MIME (MHT, EML)', () => {
  it('splits nested multiparts and keeps each part’s headers', () => {
    const msg = Buffer.from(
      [
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary=outer',
        '',
        '--outer',
        'Content-Type: multipart/alternative;',
        ' boundary="inner"',
        '',
        '--inner',
        'Content-Type: text/plain',
        '',
        'one',
        '--inner',
        'Content-Type: text/html',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '<p>=E7=A7=98=E5=AF=86=E2=98=85=\r\n1=E5=B9=B4</p>',
        '--inner--',
        '--outer--',
        '',
      ].join('\r\n'),
    );
    const leaves = leafParts(splitHeaders(msg));
    assert.deepEqual(
      leaves.map((l) => l.headers.get('content-type')),
      ['text/plain', 'text/html'],
    );
    assert.equal(leaves[0]!.body.toString(), 'one');
  });

  it('decodes RFC 2047 words in GB2312 and UTF-8', () => {
    const b = Buffer.from(iconv.encode('关于通知', 'gb2312')).toString('base64');
    assert.equal(decodeWords(`=?GB2312?B?${b}?= =?utf-8?Q?=E5=B9=B4?=`), '关于通知 年');
  });

  it('caps nesting and never throws on arbitrary bodies', () => {
    let nested = 'leaf';
    for (let i = 0; i < 50; i++) nested = `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n${nested}\r\n--b${i}--\r\n`;
    assert.ok(leafParts(splitHeaders(Buffer.from(nested))).length <= 1);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        leafParts(splitHeaders(Buffer.concat([Buffer.from('Content-Type: multipart/related; boundary=x\r\n\r\n--x\r\n'), Buffer.from(bytes)])));
      }),
      { numRuns: 1000, seed: 11 },
    );
  });
});

describe('spreadsheet header and footer codes', () => {
  it('splits sections and drops formatting codes', () => {
    assert.deepEqual(headerFooterSections('&L&"宋体,加粗"&12秘密★1年&C第&P页 共&N页&R&KFF0000A&&B'), ['秘密★1年', '第页 共页', 'A&B']);
  });
});
