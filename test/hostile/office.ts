/**
 * Office files that carry a mark where a reader of the document sees it but a
 * reader of word/document.xml alone does not: headers under any name, math,
 * imported chunks, SmartArt, charts, WordArt, fields, hidden runs, symbol
 * fonts; XLSX and PPTX parts; ODT page headers; RTF and MHT.
 */
import iconv from 'iconv-lite';
import { makeDocx } from '../fixtures/make.js';
import { makeOdt, makePptx, makeXlsx, slideXml, drawingParagraphs } from '../fixtures/office-packages.js';
import { twins, type HostileCase } from './case.js';

const body = ['关于做好防汛工作的通知', '各乡镇人民政府，县直各单位：', '现将有关事项通知如下，请认真贯彻落实。'];
const halves = (mark: string) => [mark.slice(0, 1), mark.slice(1)];
const run = (t: string, props = '') => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
const paragraph = (...runs: string[]) => `<w:p>${runs.join('')}</w:p>`;
const docx = (variant: string, build: (mark: string) => Parameters<typeof makeDocx>[0]) => twins('office', `docx-${variant}`, `${variant}.docx`, (mark) => makeDocx(build(mark)));

/** Text as RTF writes it in a GBK font: every byte a \\'hh escape. */
const gbkHex = (s: string) => [...iconv.encode(s, 'gbk')].map((b) => `\\'${b.toString(16).padStart(2, '0')}`).join('');

const rtfDoc = (inner: string) => `{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}${inner}}`;
const mht = (html: string) =>
  [
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="----=_NextPart_01"',
    '',
    '------=_NextPart_01',
    'Content-Location: file:///C:/chunk.htm',
    'Content-Transfer-Encoding: base64',
    'Content-Type: text/html; charset="utf-8"',
    '',
    Buffer.from(html).toString('base64').replace(/.{76}/g, '$&\r\n'),
    '------=_NextPart_01--',
    '',
  ].join('\r\n');

const chunkPart = (name: string, data: string) => ({ [name]: { type: 'aFChunk', data } });
const altChunk = '<w:altChunk r:id="rId10"/>';

export async function officeCases(): Promise<HostileCase[]> {
  const dgm = 'xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
  const chartNs = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
  const groups = await Promise.all([
    docx('header-any-name', (m) => ({ header: [m], headerName: 'ye-mei.xml', body })),
    docx('header-unicode-name', (m) => ({ header: [m], headerName: '%E9%A1%B5%E7%9C%89.xml', body })),
    docx('footer', (m) => ({ footer: [m], body })),
    docx('runs-split', (m) => ({ rawBody: paragraph(...halves(m).map((t) => run(t))), body })),
    docx('omml-math', (m) => ({ rawBody: `<w:p><m:oMath><m:r><m:t>${m}</m:t></m:r></m:oMath></w:p>`, body })),
    docx('altchunk-html', (m) => ({ rawBody: altChunk, body, parts: chunkPart('afchunk.htm', `<html><body><p>${m}</p><p>附件</p></body></html>`) })),
    docx('altchunk-mht', (m) => ({ rawBody: altChunk, body, parts: chunkPart('afchunk.mht', mht(`<html><body><p>${m}</p></body></html>`)) })),
    docx('altchunk-rtf', (m) => ({ rawBody: altChunk, body, parts: chunkPart('afchunk.rtf', rtfDoc(`\\f0 ${gbkHex(m)}\\par 正文`)) })),
    docx('smartart', (m) => ({
      body,
      parts: { 'diagrams/data1.xml': { type: 'diagramData', data: `<dgm:dataModel ${dgm}><dgm:ptLst><dgm:pt modelId="1"><dgm:t><a:bodyPr/><a:p>${halves(m).map((t) => `<a:r><a:t>${t}</a:t></a:r>`).join('')}</a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>` } },
    })),
    docx('chart-title', (m) => ({
      body,
      parts: { 'charts/chart1.xml': { type: 'chart', data: `<c:chartSpace ${chartNs}><c:chart><c:title><c:tx><c:rich><a:p>${halves(m).map((t) => `<a:r><a:t>${t}</a:t></a:r>`).join('')}</a:p></c:rich></c:tx></c:title></c:chart></c:chartSpace>` } },
    })),
    docx('chart-series', (m) => ({
      body,
      parts: { 'charts/chart2.xml': { type: 'chart', data: `<c:chartSpace ${chartNs}><c:chart><c:plotArea><c:barChart><c:ser><c:tx><c:strRef><c:strCache><c:pt idx="0"><c:v>${m}</c:v></c:pt></c:strCache></c:strRef></c:tx></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>` } },
    })),
    docx('vml-wordart', (m) => ({ rawBody: `<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textpath string="${m}"/></v:shape></w:pict></w:r></w:p>`, body })),
    docx('drawing-textbox', (m) => ({
      rawBody: `<w:p><w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent>${paragraph(run(m))}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>`,
      body,
    })),
    docx('picture-alt-text', (m) => ({ rawBody: `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="Picture 1" descr="${m}"/></wp:inline></w:drawing></w:r></w:p>`, body })),
    docx('field-result', (m) => ({
      rawBody: paragraph('<w:r><w:fldChar w:fldCharType="begin"/></w:r>', '<w:r><w:instrText> DOCPROPERTY Category </w:instrText></w:r>', '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', run(m), '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
      body,
    })),
    docx('field-simple', (m) => ({ rawBody: `<w:p><w:fldSimple w:instr=" QUOTE &quot;${m}&quot; "><w:r><w:t></w:t></w:r></w:fldSimple></w:p>`, body })),
    docx('hidden-run-splits', (m) => ({ rawBody: paragraph(run(m.slice(0, 1)), run('（样）', '<w:vanish/>'), run(m.slice(1))), body })),
    docx('white-quote-prefix', (m) => ({ rawBody: paragraph(run('“', '<w:color w:val="FFFFFF"/>'), run(m), run('”', '<w:sz w:val="1"/>')), body })),
    docx('symbol-star', (m) => ({ rawBody: paragraph(run(m.replace(/★.*/, '')), m.includes('★') ? '<w:r><w:sym w:font="Wingdings" w:char="F0AB"/></w:r>' : '', run(m.replace(/^[^★]*★?/, ''))), body })),
    docx('custom-property', (m) => ({
      body,
      packageParts: { 'docProps/custom.xml': { type: 'custom-properties', data: `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="密级"><vt:lpwstr>${m}</vt:lpwstr></property></Properties>` } },
    })),
    twins('office', 'xlsx-rich-text-runs', 'runs.xlsx', (m) => makeXlsx({ strings: [halves(m), '2024年经费预算'] })),
    twins('office', 'xlsx-inline-string', 'inline.xlsx', (m) => makeXlsx({ strings: ['2024年经费预算'], cells: `<row r="5"><c r="A5" t="inlineStr"><is><t>${m}</t></is></c></row>` })),
    twins('office', 'xlsx-formula-text', 'formula.xlsx', (m) =>
      makeXlsx({ strings: ['2024年经费预算'], cells: `<row r="6"><c r="A6" t="str"><f>"${m.slice(0, 2)}"&amp;"${m.slice(2)}"</f><v>${m}</v></c></row>` }),
    ),
    twins('office', 'xlsx-page-header', 'header.xlsx', (m) => makeXlsx({ strings: ['2024年经费预算'], headerFooter: `<oddHeader>&amp;L&amp;"宋体,加粗"${m}&amp;C第&amp;P页</oddHeader>` })),
    twins('office', 'xlsx-comment', 'comment.xlsx', (m) =>
      makeXlsx({ strings: ['2024年经费预算'], parts: [{ name: 'notes-a.xml', type: 'comments', from: 'worksheets/sheet1.xml', xml: `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><commentList><comment ref="A1"><text><r><t>${m}</t></r></text></comment></commentList></comments>` }] }),
    ),
    twins('office', 'xlsx-sheet-name', 'sheet.xlsx', (m) => makeXlsx({ strings: ['2024年经费预算'], sheetName: m })),
    twins('office', 'xlsx-drawing-textbox', 'drawing.xlsx', (m) =>
      makeXlsx({
        strings: ['2024年经费预算'],
        parts: [{ name: 'drawings/d1.xml', type: 'drawing', from: 'worksheets/sheet1.xml', xml: `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:sp><xdr:txBody>${drawingParagraphs([halves(m)])}</xdr:txBody></xdr:sp></xdr:wsDr>` }],
      }),
    ),
    twins('office', 'pptx-slide-runs', 'slides.pptx', (m) => makePptx({ slides: [{ paras: [halves(m), '工作汇报'] }] })),
    twins('office', 'pptx-slide-any-name', 'named.pptx', (m) => makePptx({ slides: [{ paras: ['工作汇报'] }, { name: 'slides/huandengpian.xml', paras: [m] }] })),
    twins('office', 'pptx-notes', 'notes.pptx', (m) => makePptx({ slides: [{ paras: ['工作汇报'] }], parts: [{ name: 'notesSlides/n1.xml', type: 'notesSlide', from: 'slides/slide1.xml', xml: slideXml('p:notes', [m]) }] })),
    twins('office', 'pptx-master', 'master.pptx', (m) =>
      makePptx({
        slides: [{ paras: ['工作汇报'] }],
        parts: [
          { name: 'slideLayouts/l1.xml', type: 'slideLayout', from: 'slides/slide1.xml', xml: slideXml('p:sldLayout', ['版式']) },
          { name: 'slideMasters/m1.xml', type: 'slideMaster', from: 'slideLayouts/l1.xml', xml: slideXml('p:sldMaster', [m]) },
        ],
      }),
    ),
    twins('office', 'pptx-layout', 'layout.pptx', (m) => makePptx({ slides: [{ paras: ['工作汇报'] }], parts: [{ name: 'slideLayouts/l1.xml', type: 'slideLayout', from: 'slides/slide1.xml', xml: slideXml('p:sldLayout', [m]) }] })),
    twins('office', 'odt-page-header', 'header.odt', (m) => makeOdt({ body, pageHeader: m })),
    twins('office', 'odt-embedded-object', 'object.odt', (m) => makeOdt({ body, objectText: m })),
    twins('office', 'rtf-gbk-bytes', 'gbk.rtf', (m) => Buffer.from(rtfDoc(`\\f0 ${gbkHex(m)}\\par ${gbkHex(body[0]!)}\\par`), 'latin1')),
    twins('office', 'rtf-unicode', 'unicode.rtf', (m) => Buffer.from(rtfDoc(`\\uc1 ${[...m].map((c) => `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`).join('')}\\par`), 'latin1')),
    twins('office', 'rtf-page-header', 'header.rtf', (m) => Buffer.from(rtfDoc(`{\\header \\f0 ${gbkHex(m)}\\par}\\f0 ${gbkHex(body[0]!)}\\par`), 'latin1')),
    twins('office', 'rtf-hidden-splits', 'hidden.rtf', (m) => Buffer.from(rtfDoc(`\\f0 ${gbkHex(m.slice(0, 1))}{\\v ${gbkHex('（样）')}}${gbkHex(m.slice(1))}\\par`), 'latin1')),
    twins('office', 'mht-base64-page', 'page.mht', (m) => Buffer.from(mht(`<html><body><p>${m}</p><p>${body[0]}</p></body></html>`))),
  ]);
  return groups.flat();
}
