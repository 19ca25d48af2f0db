import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeBody, decodeWords, leafParts, looksLikeMime, parameter, splitHeaders, withoutPreamble } from '../../src/extract/mime.js';
import { readRtf } from '../../src/extract/rtf.js';
import { headerFooterSections } from '../../src/extract/worksheet-text.js';

const gbk = (s: string) => [...iconv.encode(s, 'gbk')].map((b) => `\\'${b.toString(16)}`).join('');
const shown = (rtf: string) => readRtf(rtf).body.lines.map((l) => l.shown);
/** Text as Word writes it: \uN with a ? fallback. */
const uni = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`).join('');
const elapsed = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

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
    assert.deepEqual(r.body.lines, [
      { shown: 'x', written: 'x', aside: true },
      { shown: 'Result', written: 'QUOTE "x"Result' },
      { shown: 'Body', written: 'Body' },
    ]);
  });

  it('reads the Unicode text of \\upr (its \\*\\ud group) where the ANSI text would be, and not the ANSI text', () => {
    const r = readRtf(`{\\rtf1 A{\\upr{\\f0 abc}{\\*\\ud{\\u31192?\\u23494?\\u9733?1\\u24180?}}}B\\par{\\info{\\title{\\upr{T?}{\\*\\ud{T\\u31192?}}}}}}`);
    assert.deepEqual(r.body.lines.map((l) => l.shown), ['A秘密★1年B']);
    assert.deepEqual(r.metadata, ['T秘']);
  });

  it('reads text boxes as paragraphs of their own, WordArt and alt text beside them, and skips other shape properties and \\shprslt', () => {
    const r = readRtf(
      `{\\rtf1 A{\\shp{\\*\\shpinst\\shpleft0{\\sp{\\sn shapeType}{\\sv 202}}{\\sp{\\sn gtextUNICODE}{\\sv ${uni('秘密★1年')}}}{\\sp{\\sn gtextFont}{\\sv SimSun}}{\\sp{\\sn wzDescription}{\\sv Alt}}{\\shptxt \\pard ${uni('秘密★1年')}\\par Second}}{\\shprslt Fallback}}B\\par` +
        `{\\*\\shppict{\\pict{\\*\\picprop{\\sp{\\sn wzDescription}{\\sv Picture alt}}}\\pngblip 89504e47}}}`,
    );
    assert.deepEqual(r.body.lines, [
      { shown: '秘密★1年', written: '秘密★1年', aside: true },
      { shown: 'Alt', written: 'Alt', aside: true },
      { shown: '秘密★1年', written: '秘密★1年' },
      { shown: 'Second', written: 'Second' },
      { shown: 'AB', written: 'AB' },
      { shown: 'Picture alt', written: 'Picture alt', aside: true },
    ]);
    assert.deepEqual(r.pictures.map((p) => p.toString('hex')), ['89504e47']);
  });

  it('keeps field instructions, index and TOC entries written only; reads notes and comments as their own paragraphs', () => {
    const r = readRtf(
      `{\\rtf1 ${uni('秘')}{\\field{\\*\\fldinst XE "a"}{\\fldrslt }}{\\footnote Note\\par}{\\tc T}{\\xe {X}}{\\*\\annotation{\\*\\atnref 1}C1}{\\annotation C2}${uni('密★1年')}\\par` +
        `{\\field{\\*\\fldinst {QUOTE "${uni('秘密★1年')}" \\\\* MERGEFORMAT}}{\\fldrslt {old}}}\\par}`,
    );
    assert.deepEqual(r.body.lines, [
      { shown: 'a', written: 'a', aside: true },
      { shown: '秘密★1年', written: '秘XE "a"TX密★1年' },
      { shown: '秘密★1年', written: '秘密★1年', aside: true },
      { shown: 'old', written: 'QUOTE "秘密★1年" \\* MERGEFORMATold' },
    ]);
    assert.deepEqual(r.footnote.lines.map((l) => l.shown), ['Note']);
    assert.deepEqual(r.comment.lines.map((l) => l.shown), ['C1', 'C2']);
  });

  it('keeps white (unless highlighted or shaded), 1-pt and deleted type written only; \\plain resets it', () => {
    const table = '{\\colortbl;\\red255\\green255\\blue255;\\red255\\green0\\blue0;\\red250\\green250\\blue250;}';
    const line = (inner: string) => readRtf(`{\\rtf1${table} A${inner}B\\par}`).body.lines[0];
    assert.deepEqual(line('{\\cf1 x}'), { shown: 'AB', written: 'AxB' });
    assert.deepEqual(line('{\\cf3 x}'), { shown: 'AB', written: 'AxB' });
    assert.deepEqual(line('{\\fs2 x}{\\fs1 y}'), { shown: 'AB', written: 'AxyB' });
    assert.deepEqual(line('{\\deleted x}'), { shown: 'AB', written: 'AxB' });
    assert.deepEqual(line('{\\v\\cf1\\fs1\\deleted x\\plain y}'), { shown: 'AyB', written: 'AxyB' });
    for (const shading of ['\\highlight2', '\\cb2', '\\chcbpat2']) assert.deepEqual(line(`{\\cf1${shading} x}`), { shown: 'AxB', written: 'AxB' });
    assert.deepEqual(line('{\\cf1\\highlight1 x}{\\cf2 y}{\\cf0 z}{\\fs0 w}{\\deleted0 v}'), { shown: 'AyzwvB', written: 'AxyzwvB' });
  });

  it('reads the font table in the main pass (panose data, hex names, no groups) in linear time', () => {
    const gbkFont = (f: number) => `{\\f${f}\\fbidi \\fnil\\fcharset134\\fprq2{\\*\\panose 02010600030101010101}${gbk('宋体')}{\\*\\falt SimSun};}`;
    assert.deepEqual(shown(`{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0\\froman\\fcharset0\\fprq2{\\*\\panose 02020603050405020304}\\'41rial;}${gbkFont(1)}${gbkFont(2)}}\\f2 ${gbk('秘密')}\\par}`), ['秘密']);
    assert.deepEqual(shown(`{\\rtf1\\ansi\\ansicpg1252{\\fonttbl\\f0\\fswiss Arial;\\f1\\fnil\\fcharset134 SimSun;}\\f1 ${gbk('年')}\\par}`), ['年']);
    // HEAD's regexes took 4 to 9 s on these.
    assert.ok(elapsed(() => readRtf(`{\\rtf1${'{\\fonttbl x}'.repeat(40_000)}}`)) < 1000);
    assert.ok(elapsed(() => readRtf(`{\\rtf1{\\fonttbl${'\\f1'.repeat(64_000)}}\\par}`)) < 1000);
  });

  it('ends groups left open (a suspended paragraph is not lost), ignores stray closing braces, reads \\ and a line end as \\par', () => {
    assert.deepEqual(shown(`{\\rtf1 ${uni('秘密★1年')}{\\shp{\\*\\shpinst{\\shptxt x`), ['x', '秘密★1年']);
    assert.equal(readRtf('{\\rtf1{\\pict 00}}}}}}}').pictures.length, 1);
    assert.deepEqual(shown('{\\rtf1 A\\\nB\\\r\nC}'), ['A', 'B', 'C']);
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
    fc.assert(
      fc.property(fc.array(fc.constantFrom('{', '}', '\\upr', '{\\*\\ud', '\\shp', '{\\*\\shpinst', '\\shptxt', '{\\sp', '{\\sn ', '{\\sv ', '\\fldinst', '\\footnote', '\\annotation', '\\fonttbl', '\\colortbl', ';', '\\red255', '\\cf1', '\\pict', '\\par', 'x', '\\u31192?', '\\*', '\\plain'), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const r = readRtf(`{\\rtf1 ${text}`);
        assert.ok(r.pictures.length <= text.split('\\pict').length - 1);
      }),
      { numRuns: 2000, seed: 12 },
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

  it('reads parameters as quoted strings: a boundary= inside another parameter is not the boundary', () => {
    const type = 'multipart/related; type="text/html; boundary=zzz"; boundary="real"';
    assert.equal(parameter(type, 'boundary'), 'real');
    assert.equal(parameter(type, 'type'), 'text/html; boundary=zzz');
    assert.equal(parameter('text/html; CHARSET = "gb\\"2312" ; x=1', 'charset'), 'gb"2312');
    assert.equal(parameter('multipart/mixed; boundary=b1 (comment)', 'boundary'), 'b1');
    assert.equal(parameter('text/plain', 'charset'), undefined);
    const leaves = leafParts(splitHeaders(Buffer.from(`Content-Type: ${type}\r\n\r\n--real\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--real--\r\n`)));
    assert.deepEqual(leaves.map((l) => l.body.toString()), ['<p>x</p>']);
  });

  it('reads a multipart whose boundary never comes as text, whole', () => {
    const leaves = leafParts(splitHeaders(Buffer.from('Content-Type: multipart/related; boundary="gone"\r\n\r\n<p>秘密★1年</p>\r\n')));
    assert.deepEqual(leaves.map((l) => [l.headers.get('content-type'), l.body.toString()]), [['text/plain', '<p>秘密★1年</p>\r\n']]);
  });

  it('finds the headers after a byte order mark or an mbox From line', () => {
    const head = 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n';
    for (const before of ['\xef\xbb\xbf', 'From - Mon Jan 01 00:00:00 2024\r\n', '\xef\xbb\xbfFrom someone@example.com Mon Jan 1\n']) {
      assert.ok(looksLikeMime(before + head), JSON.stringify(before));
      assert.equal(splitHeaders(withoutPreamble(Buffer.from(before + head, 'latin1'))).headers.get('content-type'), 'multipart/related; boundary=b');
    }
    assert.ok(!looksLikeMime('From here on, text.\r\nno headers'));
    assert.equal(withoutPreamble(Buffer.from('From: a@b\r\n')).toString(), 'From: a@b\r\n');
  });

  it('takes = and blanks before a line end as a quoted-printable soft break', () => {
    const part = { headers: new Map([['content-transfer-encoding', 'quoted-printable']]), body: Buffer.from('=C3=D8= \t\r\n=C3=DC=\n=A1=EF') };
    assert.equal(iconv.decode(decodeBody(part), 'gbk'), '秘密★');
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
