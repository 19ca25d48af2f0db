/**
 * RTF and MIME (MHT, EML) files that carry a mark where Word or a mail
 * program shows it but a naive reader misses it: Unicode text in \upr, text
 * boxes, WordArt and alt text of shapes, field literals, notes, index and
 * comment text or invisible type splitting a mark, a font table with panose
 * data; quoted parameters, a BOM or an mbox line before the headers, soft line
 * breaks with trailing blanks, a boundary that never comes.
 */
import iconv from 'iconv-lite';
import { twins, type HostileCase } from './case.js';

const body = ['关于做好防汛工作的通知', '各乡镇人民政府，县直各单位：', '现将有关事项通知如下，请认真贯彻落实。'];
const halves = (mark: string) => [mark.slice(0, 1), mark.slice(1)] as const;

/** Text as Word writes it: \uN (signed 16-bit) with a one-character fallback. */
const uni = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`).join('');
/** Text as bytes in a GBK font: every byte a \\'hh escape. */
const gbkHex = (s: string) => [...iconv.encode(s, 'gbk')].map((b) => `\\'${b.toString(16).padStart(2, '0')}`).join('');

/** An RTF document: a Western and a GBK font (f1), white (1) and red (2) in the colour table, `first` as its first paragraph, then the body. */
const rtf = (first: string, codePage = 936) =>
  Buffer.from(
    `{\\rtf1\\ansi\\ansicpg${codePage}\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}{\\f1\\fnil\\fcharset134 SimSun;}}{\\colortbl;\\red255\\green255\\blue255;\\red255\\green0\\blue0;}\\pard\\plain\\f1\\fs32 ${first}\\par ${body.map(uni).join('\\par ')}\\par}`,
    'latin1',
  );
/** A mark with `between` (text the page does not show) between its first character and the rest. */
const split = (mark: string, between: string) => rtf(`${uni(halves(mark)[0])}${between}${uni(halves(mark)[1])}`);
/** A shape (rectangle or WordArt) with its properties and, maybe, a text box. */
const shape = (props: Record<string, string>, text = '') =>
  `{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright4000\\shpbottom800${Object.entries(props)
    .map(([n, v]) => `{\\sp{\\sn ${n}}{\\sv ${v}}}`)
    .join('')}${text}}}`;

const rtfCase = (variant: string, build: (mark: string) => Buffer) => twins('office', `rtf-${variant}`, `${variant}.rtf`, build);

function rtfCases(): Array<Promise<HostileCase[]>> {
  return [
    // Word writes text the ANSI code page lacks twice: ? in \upr, the Unicode in \*\ud.
    rtfCase('upr-ud', (m) => rtf(`{\\upr{\\f0 ${'?'.repeat(m.length)}}{\\*\\ud{${uni(m)}}}}`)),
    rtfCase('shape-text-box', (m) => rtf(`${shape({ shapeType: '202', fFitShapeToText: '1' }, `{\\shptxt \\pard\\plain\\f1 ${uni(m)}\\par}`)}${uni(body[0]!)}`)),
    rtfCase('wordart', (m) => rtf(`${shape({ shapeType: '136', gtextUNICODE: uni(m), gtextFont: 'SimSun', fillColor: '255' })}${uni(body[0]!)}`)),
    rtfCase('shape-alt-text', (m) => rtf(`${shape({ shapeType: '1', wzDescription: uni(m) })}${uni(body[0]!)}`)),
    // An un-updated QUOTE field: the page shows the literal once fields update (printing does).
    rtfCase('field-quote', (m) => rtf(`{\\field{\\*\\fldinst {QUOTE "${uni(m)}"}}{\\fldrslt {${uni('（更新域）')}}}}`)),
    rtfCase('field-code-splits', (m) => split(m, `{\\field{\\*\\fldinst XE "${uni('防汛')}"}{\\fldrslt }}`)),
    rtfCase('footnote-splits', (m) => split(m, `{\\footnote\\pard\\plain\\f1 ${uni('见附件')}}`)),
    rtfCase('toc-entry-splits', (m) => split(m, `{\\tc ${uni('目录')}}`)),
    rtfCase('index-entry-splits', (m) => split(m, `{\\xe {${uni('索引')}}}`)),
    // Word knows \annotation: without \* it is still a comment, not text of the paragraph.
    rtfCase('comment-splits', (m) => split(m, `{\\*\\atnid LW}{\\*\\atnauthor ${uni('李伟')}}\\chatn{\\annotation{\\*\\atnref 1}\\pard\\plain\\f1 ${uni('请核对')}}`)),
    rtfCase('comment-text', (m) => rtf(`${uni('工作安排')}{\\*\\atnid LW}{\\*\\atnauthor ${uni('李伟')}}\\chatn{\\*\\annotation{\\*\\atnref 1}\\pard\\plain\\f1 ${uni(m)}}`)),
    rtfCase('white-splits', (m) => split(m, `{\\cf1 ${uni('（样）')}}`)),
    rtfCase('tiny-splits', (m) => split(m, `{\\fs2 ${uni('（样）')}}`)),
    rtfCase('deleted-splits', (m) => split(m, `{\\deleted\\revauth1 ${uni('（样）')}}`)),
    // Word's own font table: panose data, then a font name in GBK bytes; the body in the third font (仿宋_GB2312), the code page Western.
    rtfCase('font-table-panose', (m) =>
      Buffer.from(
        `{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fbidi \\froman\\fcharset0\\fprq2{\\*\\panose 02020603050405020304}Times New Roman;}${[
          ['1', '宋体', 'SimSun'],
          ['2', '仿宋_GB2312', 'FangSong_GB2312'],
        ]
          .map(([f, name, alt]) => `{\\f${f}\\fbidi \\fmodern\\fcharset134\\fprq1{\\*\\panose 02010609030101010101}${gbkHex(name!)}{\\*\\falt ${alt}};}`)
          .join('')}}\\f2 ${gbkHex(m)}\\par ${body.map(gbkHex).join('\\par ')}\\par}`,
        'latin1',
      ),
    ),
  ];
}

const boundary = '----=_NextPart_01D9';
const page = (mark: string) => `<html><body><p>${mark}</p>${body.map((p) => `<p>${p}</p>`).join('')}</body></html>`;
const base64 = (s: string) => Buffer.from(s).toString('base64').replace(/.{76}/g, '$&\r\n');
/** A web archive: `head` headers, then one HTML part (base64 unless `part` says otherwise). */
const archive = (head: string[], part = `Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n`, data = '') =>
  [...head, '', `--${boundary}`, `Content-Location: file:///C:/page.htm\r\n${part}${data}`, `--${boundary}--`, ''].join('\r\n');
const related = `Content-Type: multipart/related; boundary="${boundary}"; type="text/html"`;

function mimeCases(): Array<Promise<HostileCase[]>> {
  return [
    // A `boundary=` inside another parameter's quoted value is not the boundary.
    twins('office', 'mht-quoted-parameter', 'quoted.mht', (m) =>
      Buffer.from(archive(['MIME-Version: 1.0', `Content-Type: multipart/related; type="text/html; boundary=zzz"; boundary="${boundary}"`], undefined, base64(page(m)))),
    ),
    twins('office', 'mht-byte-order-mark', 'bom.mht', (m) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(archive(['MIME-Version: 1.0', related], undefined, base64(page(m))))])),
    twins('office', 'eml-mbox-from-line', 'saved.eml', (m) =>
      Buffer.from(archive(['From - Mon Jan 01 00:00:00 2024', 'MIME-Version: 1.0', `Subject: =?UTF-8?B?${Buffer.from('会议通知').toString('base64')}?=`, related], undefined, base64(page(m)))),
    ),
    // Quoted-printable: `=` then blanks before the line end is still a soft break.
    twins('office', 'mht-qp-soft-break-blanks', 'soft.mht', (m) => {
      const qp = [...iconv.encode(page(m), 'gb2312')].map((b) => (b >= 0x80 || b === 0x3d ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b))).join('');
      const atoms = qp.match(/=[0-9A-F]{2}|[^=]/g) ?? [];
      // Lines of 17 characters: the first breaks inside the mark (after <html><body><p> and one character).
      const lines = Array.from({ length: Math.ceil(atoms.length / 17) }, (_, i) => atoms.slice(i * 17, i * 17 + 17).join(''));
      return Buffer.from(archive(['MIME-Version: 1.0', related], 'Content-Type: text/html; charset="gb2312"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n', lines.join('= \t\r\n')), 'latin1');
    }),
    // A boundary that never comes: the body is read as it is.
    twins('office', 'mht-boundary-missing', 'missing.mht', (m) => Buffer.from(['MIME-Version: 1.0', 'Content-Type: multipart/related; boundary="NotInTheBody"', '', page(m), ''].join('\r\n'))),
  ];
}

/** RTF and MIME cases (class `office`), each with its clean twin. */
export async function rtfMimeCases(): Promise<HostileCase[]> {
  return (await Promise.all([...rtfCases(), ...mimeCases()])).flat();
}
