import type { Box } from '../document.js';

export interface OcrLine {
  text: string;
  box: Box;
  /** 0..100 */
  confidence: number;
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
