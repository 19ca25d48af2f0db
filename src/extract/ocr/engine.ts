import type { Box } from '../document.js';

export interface OcrLine {
  text: string;
  box: Box;
  /** 0..100 */
  confidence: number;
}

/** What extractors need of OCR: read one image. The pool, or a scan worker's line to the pool. */
export interface Ocr {
  recognize(image: Buffer): Promise<OcrLine[]>;
}

/** One OCR engine (PP-OCRv4 or tesseract.js), running off the main thread. */
export interface OcrEngine {
  id: string;
  /** False once the engine can no longer work (its thread died): the pool replaces it. */
  readonly alive?: boolean;
  /** Reads one image (PNG or JPEG bytes); lines with boxes in the image's pixels. */
  recognize(image: Buffer): Promise<OcrLine[]>;
  terminate(): Promise<void>;
}
