import type { Problem } from '../extract/document.js';
import type { Scanner } from '../scanner.js';
import { RegistryError, type Registration, type Registry } from './registry.js';
import type { RegisteredDocument } from '../store/store.js';

/**
 * Registers one received file in any format the extractors read (scans go
 * through OCR). Parts that could not be read are reported back, so the officer
 * knows the fingerprints cover only what was read; a file with no text is refused.
 */
export async function registerFile(registry: Registry, scanner: Scanner, file: string, bytes: Buffer, meta: Registration, by: string): Promise<{ document: RegisteredDocument; problems: Problem[] }> {
  const { text, problems } = await scanner.extractText(file, bytes);
  if (!text.trim()) {
    const why = problems.map((p) => `${p.code}: ${p.detail}`).join('; ');
    throw new RegistryError('no-text', `no text could be read from ${file}${why ? ` (${why})` : ''}`);
  }
  return { document: await registry.add(text, bytes, meta, by), problems };
}
