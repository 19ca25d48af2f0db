/**
 * A worker thread owning one PP-OCR reader: onnxruntime-node's runs block
 * their thread for seconds, which on the main thread would stall every
 * request the gateway is forwarding.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PaddleReader } from './reader.js';

export interface ReadRequest {
  id: number;
  image: Uint8Array;
}
export type ReadReply = { id: number; lines: import('../engine.js').OcrLine[] } | { id: number; error: string };

const port = parentPort!;
PaddleReader.start((workerData as { threads: number }).threads).then(
  (reader) => {
    port.on('message', ({ id, image }: ReadRequest) => {
      reader.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength)).then(
        (lines) => port.postMessage({ id, lines } satisfies ReadReply),
        (err: Error) => port.postMessage({ id, error: err.message } satisfies ReadReply),
      );
    });
    port.postMessage('ready');
  },
  (err: Error) => port.postMessage({ id: -1, error: err.message } satisfies ReadReply),
);
