import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OcrPool } from '../../src/extract/ocr/pool.js';
import { PaddleEngine } from '../../src/extract/ocr/paddle.js';
import { decodeCtc } from '../../src/extract/ocr/paddle/ctc.js';
import { joinRows } from '../../src/extract/ocr/paddle/reader.js';
import { textRegions } from '../../src/extract/ocr/paddle/text-regions.js';
import { markedHeader, renderPage } from '../fixtures/pages.js';

/** A probability map with rectangles of text (0.9) on background (0.05). */
function map(width: number, height: number, rects: Array<[number, number, number, number]>): Float32Array {
  const prob = new Float32Array(width * height).fill(0.05);
  for (const [x, y, w, h] of rects) for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) prob[j * width + i] = 0.9;
  return prob;
}

describe('PP-OCR post-processing', () => {
  it('finds one region per text kernel, grown back by the unclip ratio', () => {
    const regions = textRegions(map(200, 100, [[20, 10, 100, 10], [20, 50, 60, 10], [150, 80, 2, 2]]), 200, 100);
    assert.equal(regions.length, 2, 'the 2×2 speck is noise');
    const [first, second] = regions;
    assert.ok(Math.abs(first!.cx - 69.5) < 0.01 && Math.abs(first!.cy - 14.5) < 0.01);
    // 100×10 kernel: grown by 100·10·1.5 / (2·110) ≈ 6.8 on each side.
    assert.ok(Math.abs(first!.width - (100 + 2 * 6.818)) < 0.01, String(first!.width));
    assert.ok(Math.abs(first!.height - (10 + 2 * 6.818)) < 0.01, String(first!.height));
    assert.ok(Math.abs(first!.angle) < 1e-9);
    assert.ok(second!.cy > 50);
  });

  it('follows a tilted line (a photographed page) instead of boxing it square', () => {
    const width = 300;
    const prob = new Float32Array(width * 100).fill(0.05);
    const tilt = (3 * Math.PI) / 180;
    for (let u = 0; u < 250; u++) for (let v = 0; v < 8; v++) prob[Math.round(30 + u * Math.sin(tilt) + v) * width + 20 + u] = 0.9;
    const [line] = textRegions(prob, width, 100);
    assert.ok(Math.abs(line!.angle - tilt) < 0.01, `angle ${line!.angle}`);
    assert.ok(line!.height < 30, 'across the line it stays thin');
  });

  it('drops weak regions below the box threshold', () => {
    const prob = map(100, 50, [[10, 10, 50, 10]]).map((p) => (p > 0.5 ? 0.4 : p));
    assert.equal(textRegions(prob, 100, 50).length, 0);
  });

  it('decodes CTC: most likely class per step, repeats collapsed, blanks dropped', () => {
    const dictionary = ['秘', '密', '★'];
    // steps: 秘 秘 blank 密 密 ★ blank  (classes: 0 blank, 1 秘, 2 密, 3 ★)
    const best = [1, 1, 0, 2, 2, 3, 0];
    const probs = new Float32Array(best.length * 4);
    best.forEach((c, t) => (probs[t * 4 + c] = 0.9));
    const { text, confidence } = decodeCtc(probs, 0, best.length, 4, dictionary);
    assert.equal(text, '秘密★');
    assert.ok(Math.abs(confidence - 0.9) < 1e-6);
  });

  it('joins parts of one printed row left to right', () => {
    const part = (text: string, x: number, y: number) => ({ text, confidence: 90, box: { x, y, w: text.length * 30, h: 30 } });
    const rows = joinRows([part('机密★5年', 900, 102), part('000123', 100, 100), part('特急', 100, 160)]);
    assert.deepEqual(rows.map((r) => r.text), ['000123 机密★5年', '特急']);
  });
});

describe('PP-OCR engine in a worker thread', () => {
  it('reads a page off the main thread: the event loop keeps turning', async () => {
    const engine = await PaddleEngine.start(1);
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const lines = await engine.recognize(await renderPage(markedHeader));
      clearInterval(timer);
      assert.deepEqual(lines.slice(0, 2).map((l) => l.text), ['000036', '秘密★1年']);
      assert.ok(lines[1]!.confidence > 80);
      assert.ok(ticks > 10, `only ${ticks} timer ticks during OCR`);
    } finally {
      await engine.terminate();
    }
  });

  it('a dead worker fails its job at once and the pool replaces the engine', async () => {
    const engines: PaddleEngine[] = [];
    const pool = new OcrPool({ size: 1, start: async () => (engines.push(await PaddleEngine.start(1)), engines.at(-1)!) });
    try {
      const page = await renderPage(markedHeader.slice(0, 2));
      await pool.recognize(page);
      await engines[0]!.terminate(); // as if the thread had crashed
      assert.equal(engines[0]!.alive, false);
      await assert.rejects(pool.recognize(Buffer.concat([page, Buffer.from('x')])), /exited/);
      const again = await pool.recognize(Buffer.concat([page, Buffer.from('y')]));
      assert.equal(again[1]?.text, '秘密★1年');
      assert.equal(engines.length, 2);
    } finally {
      await pool.close();
    }
  });
});
