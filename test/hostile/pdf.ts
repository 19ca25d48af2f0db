/**
 * PDFs whose mark a person sees but a plain text-layer reading misses: marks
 * painted as images (a pasted letterhead, a page scan under an unrelated text
 * layer), vertical text (rotated or stacked), glyph outlines, raised
 * characters, and metadata (XMP, Info). Each with its clean twin.
 */
import { renderPage, markedHeader } from '../fixtures/pages.js';
import { drawPdf, putImage, putOutlineText, putRaisedText, putRotatedText, putStackedText, putText, renderStrip, type Drawing } from '../fixtures/pdf-drawing.js';
import { twins, type HostileCase } from './case.js';

/** The body of a notice as a real text layer, below the header band. */
const body: Drawing = (doc) => {
  putText(doc, '关于做好防汛工作的通知', 150, 300, 22);
  putText(doc, '各市、县人民政府：', 72, 350);
  putText(doc, '为切实做好今年防汛工作，现就有关事项通知如下。', 104, 380);
};

/** The banner and the red rule under it, as text and a filled path. */
const banner: Drawing = (doc) => {
  putText(doc, '南屏省人民政府文件', 150, 130, 32, '#d01010');
  doc.rect(72, 200, 451, 2).fill('#d01010');
};

/** A letterhead pasted as one picture: the mark and the red banner, 1240 × 400 px placed over 595 × 192 pt (150 dpi). */
const letterhead = (mark: string) =>
  renderStrip(1240, 400, [
    { text: '000036', x: 150, y: 80, size: 34 },
    { text: mark, x: 150, y: 150, size: 34 },
    { text: '南屏省人民政府文件', x: 270, y: 320, size: 76, red: true },
  ]);

const xmp = (property: string) => `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">${property}</rdf:Description>`;

export async function pdfCases(): Promise<HostileCase[]> {
  const cases = await Promise.all([
    twins('pdf', 'image-header', 'notice.pdf', async (mark) => {
      const header = await letterhead(mark);
      return drawPdf([(doc) => (putImage(doc, header, 0, 20, 595, 192), body(doc))]);
    }),
    // Page 2 is a scan whose text layer says something else: the picture is what a person reads.
    twins('pdf', 'image-page', 'materials.pdf', async (mark) => {
      const scan = await renderPage(markedHeader.map((l) => (l.text === '秘密★1年' ? { ...l, text: mark } : l)));
      return drawPdf([
        (doc) => (putText(doc, '关于报送会议材料的函', 150, 100, 22), putText(doc, '现将会议材料扫描件随函报送，请查收。', 72, 160)),
        (doc) => (putImage(doc, scan, 0, 0, 595, 842), putText(doc, '附件：会议材料扫描件（共一页）', 72, 800, 10)),
      ]);
    }),
    twins('pdf', 'vertical-rotated', 'notice.pdf', (mark) => drawPdf([(doc) => (putRotatedText(doc, mark, 50, 30, { spacing: 12 }), banner(doc), body(doc))])),
    twins('pdf', 'vertical-rotated-up', 'notice.pdf', (mark) => drawPdf([(doc) => (putRotatedText(doc, mark, 40, 190, { angle: -90, spacing: 12 }), banner(doc), body(doc))])),
    twins('pdf', 'vertical-stacked', 'notice.pdf', (mark) => drawPdf([(doc) => (putStackedText(doc, mark, 40, 40), banner(doc), body(doc))])),
    twins('pdf', 'glyph-outlines', 'notice.pdf', (mark) => drawPdf([(doc) => (putText(doc, '000036', 72, 50), putOutlineText(doc, mark, 72, 74), banner(doc), body(doc))])),
    twins('pdf', 'raised-star', 'notice.pdf', (mark) => drawPdf([(doc) => (putText(doc, '000036', 72, 50, 12), putRaisedText(doc, mark, 72, 74, [0, 0, 4, 0, 0], 12), banner(doc), body(doc))])),
    twins('pdf', 'raised-each', 'notice.pdf', (mark) => drawPdf([(doc) => (putText(doc, '000036', 72, 50, 12), putRaisedText(doc, mark, 72, 74, [0, 3.5, 7, 3.5, 0], 12), banner(doc), body(doc))])),
    twins('pdf', 'xmp-title', 'report.pdf', (mark) => drawPdf([body], { xmp: xmp(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${mark}</rdf:li></rdf:Alt></dc:title>`) })),
    twins('pdf', 'xmp-description', 'report.pdf', (mark) => drawPdf([body], { xmp: xmp(`<dc:description><rdf:Alt><rdf:li xml:lang="zh-CN">${mark}</rdf:li></rdf:Alt></dc:description>`) })),
    twins('pdf', 'xmp-subject', 'report.pdf', (mark) => drawPdf([body], { xmp: xmp(`<dc:subject><rdf:Bag><rdf:li>防汛</rdf:li><rdf:li>${mark}</rdf:li></rdf:Bag></dc:subject>`) })),
    // XMP lets a simple property be an attribute of rdf:Description.
    twins('pdf', 'xmp-keywords-attribute', 'report.pdf', (mark) =>
      drawPdf([body], { xmp: `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Keywords="${mark}"/>` }),
    ),
    twins('pdf', 'info-subject', 'report.pdf', (mark) => drawPdf([body], { info: { Subject: mark } })),
  ]);
  return cases.flat();
}
