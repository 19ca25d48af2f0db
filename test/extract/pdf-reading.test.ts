import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { paintedBoxes, type Ops } from '../../src/extract/pdf-painting.js';
import { itemsToLines, type Item } from '../../src/extract/positioned-lines.js';
import { loadPolicy } from '../../src/policy/load.js';
import { Scanner } from '../../src/scanner.js';
import { drawPdf, putImage, putRotatedText, putStackedText, putText } from '../fixtures/pdf-drawing.js';

const policy = loadPolicy('policies/default.yaml');
const scanner = new Scanner(policy);
const withoutOcr = new Scanner(policy, { ocr: false });
after(() => scanner.close());

async function scan(bytes: Buffer, file: string, by = scanner) {
  const r = await by.scan([{ part: 'file', file, bytes }]);
  return { verdict: r.decision.verdict, rules: r.findings.map((f) => f.rule), findings: r.findings };
}

describe('PDF pictures and drawings: what is OCR-read, and what is not', () => {
  const body = (doc: PDFKit.PDFDocument) => {
    putText(doc, '关于开展全民健身月活动的通知', 120, 300, 22);
    putText(doc, '各乡镇人民政府，县政府各部门：', 72, 350);
    putText(doc, '为丰富群众文化生活，定于十月举办全民健身月活动。', 104, 380);
  };
  const logo = () => sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120"><circle cx="60" cy="60" r="50" fill="#d01010"/><circle cx="60" cy="60" r="22" fill="#fff"/></svg>')).png().toBuffer();

  it('allows a text PDF with a logo picture in the header band, with OCR on and off', async () => {
    const image = await logo();
    const pdf = await drawPdf([(doc) => (putImage(doc, image, 72, 40, 60, 60), putText(doc, '南屏县文化体育局', 150, 60, 26), body(doc))]);
    assert.equal((await scan(pdf, 'notice.pdf')).verdict, 'allow');
    // A logo unread without OCR is not a reason to hold: that is the deployment's choice.
    assert.equal((await scan(pdf, 'notice.pdf', withoutOcr)).verdict, 'allow');
  });

  it('holds a page that is mostly a picture its text layer does not cover when OCR is off', async () => {
    const image = await logo();
    const pdf = await drawPdf([body, (doc) => (putImage(doc, image, 0, 0, 595, 600), putText(doc, '附件：活动照片（共一页）', 72, 800, 10))]);
    const r = await scan(pdf, 'photos.pdf', withoutOcr);
    assert.equal(r.verdict, 'hold');
    assert.match(r.findings[0]!.evidence, /page 2 is mostly a picture/);
  });

  it('allows clean vertical text, rotated and stacked', async () => {
    const pdf = await drawPdf([(doc) => (putRotatedText(doc, '内容提要', 50, 40, { spacing: 8 }), putStackedText(doc, '全民健身', 540, 40), body(doc))]);
    assert.equal((await scan(pdf, 'vertical.pdf')).verdict, 'allow');
  });
});

describe('positioned lines', () => {
  const item = (str: string, x: number, y: number, h = 12, angle = 0): Item => ({ str, x, y, w: h * [...str].length, h, angle });
  const texts = (items: Item[]) => itemsToLines(items, 842, 8).map((l) => l.text);

  it('keeps a raised or lowered character in its line: tolerance is half a glyph of the mean baseline', () => {
    assert.deepEqual(texts([item('秘密', 72, 700), item('★', 96, 704), item('1年', 108, 700)]), ['秘密★1年']);
    // An arch: each character 3.5 pt above the last, then down again (7 pt from the first to the top).
    assert.deepEqual(texts([0, 3.5, 7, 3.5, 0].map((rise, i) => item('秘密★1年'[i]!, 72 + i * 12, 700 + rise))), ['秘密★1年']);
    // Lines a glyph height apart stay apart, and read top to bottom.
    assert.deepEqual(texts([item('第二行', 72, 688), item('第一行', 72, 700)]), ['第一行', '第二行']);
  });

  it('groups turned text along its own direction, whichever way it turns', () => {
    const down = -Math.PI / 2;
    // Turned clockwise: the baseline runs down the page, one item per character with gaps.
    const column = [...'秘密★1年'].map((c, i) => item(c, 40, 800 - i * 20, 12, down));
    const lines = itemsToLines([...column, item('南屏省人民政府文件', 150, 780, 24)], 842, 8);
    assert.deepEqual(
      lines.map((l) => l.text.replace(/\s/g, '')),
      ['秘密★1年', '南屏省人民政府文件'],
    );
    const box = lines[0]!.box!;
    assert.ok(box.x >= 39 && box.x + box.w <= 53 && box.y >= 41 && box.h > 90, JSON.stringify(box));
    const up = [...'秘密★1年'].map((c, i) => item(c, 40, 600 + i * 20, 12, Math.PI / 2));
    assert.deepEqual(texts(up).map((t) => t.replace(/\s/g, '')), ['秘密★1年']);
  });

  it('reads characters stacked one per line at the same x as one line, but not a grid of text running across', () => {
    const stacked = [...'秘密★1年'].map((c, i) => item(c, 40, 800 - i * 14));
    assert.deepEqual(texts([...stacked, item('南屏省人民政府文件', 150, 700, 24)]), ['秘密★1年', '南屏省人民政府文件']);
    // A stacked character that shares a baseline with other text is still read in that line as well.
    assert.deepEqual(texts([...stacked, item('文件', 150, 758)]), ['秘密★1年', '1 文件']);
    // Every character its own item, lines 14 pt apart: rows, not columns.
    const grid = ['关于通知', '各部门：'].flatMap((row, r) => [...row].map((c, i) => item(c, 72 + i * 12, 700 - r * 14)));
    assert.deepEqual(texts(grid), ['关于通知', '各部门：']);
  });
});

describe('painted boxes', () => {
  const ops = { save: 10, restore: 11, transform: 12, paintFormXObjectBegin: 74, paintFormXObjectEnd: 75, beginAnnotation: 80, endAnnotation: 81, beginGroup: 76, endGroup: 77, paintImageXObject: 85, paintInlineImageXObject: 86, paintImageMaskXObject: 83, paintImageXObjectRepeat: 88, paintImageMaskXObjectRepeat: 89, paintImageMaskXObjectGroup: 84, paintInlineImageXObjectGroup: 87, constructPath: 91, fill: 22, eoFill: 23, fillStroke: 24, eoFillStroke: 25, closeFillStroke: 26, closeEOFillStroke: 27 } satisfies Ops;

  it('boxes images by the current matrix (save/restore, forms) and filled paths by their bounds, from the top of the page', () => {
    const page = [1, 0, 0, -1, 0, 842];
    const fn = [10, 12, 85, 11, 74, 85, 75, 91, 91];
    const args = [[], [200, 0, 0, 100, 50, 700], ['img1', 10, 10], [], [[2, 0, 0, 2, 0, 0], null], ['img2', 10, 10], [], [22, [null], [10, 10, 50, 30]], [20, [null], [0, 0, 595, 842]]];
    const p = paintedBoxes(fn, args, ops, page);
    assert.deepEqual(p.images, [
      { x: 50, y: 42, w: 200, h: 100 },
      { x: 0, y: 840, w: 2, h: 2 },
    ]);
    assert.deepEqual(p.fills, [{ x: 10, y: 812, w: 40, h: 20 }], 'strokes are not fills');
  });
});
