/**
 * The evaluation corpus: every group rendered in each of its variants.
 * Deterministic: the same build gives the same bytes (seeded choices, fixed
 * dates in the PDF and ZIP builders).
 */
import { gongwen, para } from './gongwen.js';
import { negativeGroups } from './negatives.js';
import { positiveGroups } from './positives.js';
import { hash } from './random.js';
import { bodyText, registeredDocs } from './registered.js';
import { renderVariant, variantTag } from './render.js';
import { toPdf } from './encode.js';
import type { EvalSample } from './types.js';

export async function buildCorpus(): Promise<EvalSample[]> {
  const samples: EvalSample[] = [];
  const ids = new Set<string>();
  for (const spec of [...positiveGroups(), ...negativeGroups()]) {
    const renderings = [{ doc: spec.doc, variants: spec.variants }, ...(spec.alternates ?? [])];
    const jobs = renderings.flatMap(({ doc, variants }) => variants.map((v) => ({ doc, v })));
    const rendered = await Promise.all(jobs.map(({ doc, v }) => renderVariant(doc, v, hash(spec.group))));
    jobs.forEach(({ v }, i) => {
      let id = `${spec.group}/${variantTag(v)}`;
      for (let n = 2; ids.has(id); n++) id = `${spec.group}/${variantTag(v)}-${n}`;
      ids.add(id);
      samples.push({
        id,
        group: spec.group,
        family: v.family,
        format: v.format,
        parts: rendered[i]!,
        expect: spec.expect,
        ...(spec.category ? { category: spec.category } : {}),
        ...(spec.strong ? { strong: true } : {}),
        why: spec.why,
      });
    });
  }
  return samples;
}

export interface RegistrationFile {
  file: string;
  bytes: Buffer;
  meta: { level: '秘密' | '机密'; title: string; docNumber: string; issuer: string; period: string; receivedOn: string };
}

/** The ten registered documents as the received PDFs the officer ran `baomi registry add` on. */
export async function registrationFiles(): Promise<RegistrationFile[]> {
  return Promise.all(
    registeredDocs.map(async (d) => {
      const doc = gongwen({
        copyNo: d.copyNo,
        marks: [d.mark],
        organ: d.organ,
        number: d.number,
        title: d.title,
        addressee: d.addressee,
        body: bodyText(d).map(para),
        signature: d.organ.name,
        date: d.date,
        cc: d.cc,
        printer: d.organ.office,
      });
      return {
        file: `${d.number}.pdf`,
        bytes: await toPdf(doc),
        meta: { level: d.level, title: d.title, docNumber: d.number, issuer: d.organ.name, period: d.mark.split('★')[1] ?? '', receivedOn: d.date },
      };
    }),
  );
}
