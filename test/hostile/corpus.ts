import type { HostileCase } from './case.js';
import { htmlCases } from './html.js';
import { imageCases } from './images.js';
import { officeCases } from './office.js';
import { pdfCases } from './pdf.js';

/** The whole hostile-document corpus, every class, in a fixed order. */
export async function hostileCorpus(): Promise<HostileCase[]> {
  return [...(await htmlCases()), ...(await officeCases()), ...(await pdfCases()), ...(await imageCases())];
}
