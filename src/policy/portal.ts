import { z } from 'zod';
import { readYaml, validated } from './load.js';

const issuerLevel = z.strictObject({ issuers: z.array(z.string().min(2)).default([]), numberPrefixes: z.array(z.string().min(1)).default([]) });

/** Where a portal without an identity file is: the status page's time zone. */
export const defaultTimeZone = 'Asia/Shanghai';

/** Who publishes on the portal and who is above them (README, the portal identity file). */
export const portalSchema = z.strictObject({
  portal: z.string(),
  ownOrgan: z.string(),
  place: z.strictObject({ province: z.string().optional(), city: z.string().optional(), county: z.string().optional() }).default({}),
  abbreviations: z.record(z.string(), z.string()).default({}),
  superior: z.record(z.string(), issuerLevel).default({}),
  ownLevel: issuerLevel.default({ issuers: [], numberPrefixes: [] }),
  /** Where the portal's editors are: the status page shows times in it (an IANA zone). */
  timeZone: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone (e.g. Asia/Shanghai)')
    .default(defaultTimeZone),
});

export type Portal = z.infer<typeof portalSchema>;

/** The centre is superior to every portal (docs/rules.md, superior documents). */
export const centralIssuers = {
  issuers: ['中共中央', '国务院', '中共中央办公厅', '国务院办公厅', '中央办公厅', '中央军委'],
  numberPrefixes: ['中发', '中办发', '中办发电', '厅字', '国发', '国函', '国办发', '国办函', '国办发明电'],
};

/** Issuers and number prefixes above the portal (the centre, plus the portal's configured superiors). */
export interface Hierarchy {
  superiorIssuers: string[];
  superiorPrefixes: string[];
  ownIssuers: string[];
  ownPrefixes: string[];
}

export function hierarchyOf(portal: Portal | undefined): Hierarchy {
  const levels = Object.values(portal?.superior ?? {});
  const byLength = (a: string, b: string) => b.length - a.length;
  return {
    superiorIssuers: [...centralIssuers.issuers, ...levels.flatMap((l) => l.issuers)].sort(byLength),
    superiorPrefixes: [...centralIssuers.numberPrefixes, ...levels.flatMap((l) => l.numberPrefixes)].sort(byLength),
    ownIssuers: [portal?.ownOrgan ?? '', ...(portal?.ownLevel.issuers ?? [])].filter(Boolean).sort(byLength),
    ownPrefixes: [...(portal?.ownLevel.numberPrefixes ?? [])].sort(byLength),
  };
}

export function loadPortal(file: string): Portal {
  return validated(portalSchema, file, readYaml(file), 'portal identity');
}
