import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;

/** A request exactly as the editor sent it: what a release replays. */
export interface RawRequest {
  method: string;
  url: string;
  httpVersion: string;
  /** Header names and values in order, as received (Node's rawHeaders). */
  rawHeaders: string[];
  body: Buffer;
}

/**
 * AES-256-GCM, a fresh 96-bit IV per item, the hold id as associated data so a
 * sealed body cannot be moved to another hold's row.
 * Layout: version(1) | iv(12) | tag(16) | ciphertext.
 */
export class Sealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('seal key must be 32 bytes');
  }

  seal(id: string, request: RawRequest): Buffer {
    const head = Buffer.from(JSON.stringify({ method: request.method, url: request.url, httpVersion: request.httpVersion, rawHeaders: request.rawHeaders }));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(head.length);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(id));
    const ct = Buffer.concat([cipher.update(len), cipher.update(head), cipher.update(request.body), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ct]);
  }

  open(id: string, sealed: Buffer): RawRequest {
    if (sealed[0] !== VERSION) throw new Error(`unknown sealed format ${sealed[0]}`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 13));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(sealed.subarray(13, 29));
    const plain = Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
    const headLen = plain.readUInt32BE(0);
    const head = JSON.parse(plain.subarray(4, 4 + headLen).toString()) as Omit<RawRequest, 'body'>;
    return { ...head, body: plain.subarray(4 + headLen) };
  }
}
