/**
 * Writes the hostile-document corpus to a folder, one file per case and a
 * manifest (id, class, variant, marked, file), for trying it against other
 * tools or a real CMS by hand:
 *
 *   npx tsx test/hostile/generate.ts /tmp/hostile
 *
 * The suite builds the same cases in memory (test/hostile/hostile.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostileCorpus } from './corpus.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx test/hostile/generate.ts <folder>');
  process.exit(2);
}
const manifest = [];
for (const c of await hostileCorpus()) {
  const path = join(out, c.id + (c.file.match(/\.\w+$/)?.[0] ?? ''));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, c.bytes);
  manifest.push({ id: c.id, class: c.class, variant: c.variant, marked: c.marked, file: path });
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));
console.log(`${manifest.length} files in ${out}`);
