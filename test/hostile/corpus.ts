import type { HostileCase } from './case.js';
import { htmlCases } from './html.js';
import { imageCases } from './images.js';
import { officeCases } from './office.js';
import { officeSubtleCases } from './office-subtle.js';
import { pdfCases } from './pdf.js';
import { rtfMimeCases } from './rtf-mime.js';

/** The whole hostile-document corpus, every class, in a fixed order. */
export async function hostileCorpus(): Promise<HostileCase[]> {
  return [...(await htmlCases()), ...(await officeCases()), ...(await officeSubtleCases()), ...(await rtfMimeCases()), ...(await pdfCases()), ...(await imageCases())];
}
