import type { Box } from '../document.js';

export interface OcrLine {
  text: string;
  box: Box;
  /** 0..100 */
  confidence: number;
}

/** One OCR engine (tesseract.js today; PP-OCR behind the same interface later). */
export interface OcrEngine {
  id: string;
  /** Reads one image (PNG or JPEG bytes); lines with boxes in the image's pixels. */
  recognize(image: Buffer): Promise<OcrLine[]>;
  terminate(): Promise<void>;
}
