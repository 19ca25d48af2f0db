import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { renderDpiFor, renderPdfPage } from '../../src/extract/pdf.js';
import { makePdf } from '../fixtures/make.js';

/** A one-page PDF whose page claims to be 600 pt wide and `height` pt tall (the MediaBox rewritten in place, the xref still right). */
async function tallPdf(height: number): Promise<Buffer> {
  const s = (await makePdf([[{ text: '本周召开专题会议，传达了机密★文件的有关要求。', x: 50, y: 50 }]])).toString('latin1');
  const m = /\/MediaBox \[0 0 [\d.]+ [\d.]+\]/.exec(s)![0];
  const box = `/MediaBox [0 0 600 ${height}]`.padEnd(m.length, ' ');
  assert.equal(box.length, m.length);
  return Buffer.from(s.replace(m, box), 'latin1');
}

describe('rendering PDF pages (OCR and the console), within a pixel budget whatever the page claims', () => {
  it('renders ordinary pages at the resolution asked, huge ones coarser, absurd ones not at all', () => {
    assert.equal(renderDpiFor({ x: 0, y: 0, w: 595, h: 842 }, 150), 150, 'A4 at 150 dpi');
    const tall = renderDpiFor({ x: 0, y: 0, w: 600, h: 100_000 }, 150)!;
    assert.ok(tall < 150 && tall >= 36);
    assert.ok((600 * tall / 72) * (100_000 * tall / 72) <= 40_000_001, 'at most 40 million pixels');
    assert.equal(renderDpiFor({ x: 0, y: 0, w: 600, h: 5_000_000 }, 150), undefined, 'too coarse to read: held as too large');
    assert.ok(renderDpiFor({ x: 0, y: 0, w: 595, h: 842 }, 150, 1_000_000)! < 150, 'the policy\'s image limit lowers the budget');
  });

  it('draws a 20 000-point-tall page within the budget it is given, and refuses a taller one', async () => {
    const png = await renderPdfPage(await tallPdf(20_000), 1, 150, 8_000_000);
    const { width, height } = await sharp(png).metadata();
    assert.ok(width! * height! <= 8_100_000, `${width}×${height}: the budget, give or take the rounding of the canvas`);
    await assert.rejects(renderPdfPage(await tallPdf(100_000), 1, 150, 8_000_000), /too large to draw/);
  });
});
