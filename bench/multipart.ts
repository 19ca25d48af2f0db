/**
 * The PHP multipart model's cost on ordinary and hostile bodies (it reads
 * every multipart request an editor sends, in a scan worker, and the
 * console's registry form). For each body shape, at 8 MB and at 32 MB:
 * MB/s of the model, and of a baseline measured in the same run on the same
 * bytes (one pass of Buffer.indexOf for LF, the least any line reader does).
 * Target: linear — a body four times larger takes at most about four times
 * as long (the `growth` column, time ratio over size ratio, stays near 1 and
 * under 2). Before the fix, 1 MB of newlines took 8 s and 4 MB minutes.
 *
 *   npx tsx bench/multipart.ts
 */
import { performance } from 'node:perf_hooks';
import { parsePhpMultipart } from '../src/cms/php/multipart.js';

type Shape = (size: number) => [string, Buffer];
const repeat = (s: string, size: number) => Buffer.from(s.repeat(Math.floor(size / Buffer.byteLength(s))));
const shapes: Record<string, Shape> = {
  'one file (a browser upload)': (size) => [
    'multipart/form-data; boundary=XyZ',
    Buffer.concat([Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n'), Buffer.alloc(size - 200, 0x41), Buffer.from('\r\n--XyZ--\r\n')]),
  ],
  'many tiny fields, bare LF': (size) => ['multipart/form-data; boundary=a', repeat('--a\nContent-Disposition: form-data; name=x\n\n\n', size)],
  'newlines only': (size) => ['multipart/form-data; boundary=a', Buffer.alloc(size, 0x0a)],
  'dashes only': (size) => ['multipart/form-data; boundary=a', Buffer.alloc(size, 0x2d)],
  'empty boundary lines': (size) => ['multipart/form-data; boundary=', repeat('--\n', size)],
};

function seconds(work: () => void): number {
  const t = performance.now();
  work();
  return (performance.now() - t) / 1000;
}

const sizes = [8, 32];
console.log('shape'.padEnd(30), ...sizes.flatMap((mb) => [`${mb} MB model MB/s`.padStart(18), 'baseline'.padStart(9)]), 'growth'.padStart(7));
for (const [name, make] of Object.entries(shapes)) {
  const times: number[] = [];
  const cells: string[] = [];
  for (const mb of sizes) {
    const [contentType, body] = make(mb * 1048576);
    const baseline = seconds(() => {
      for (let at = body.indexOf(0x0a); at >= 0; at = body.indexOf(0x0a, at + 1));
    });
    const model = seconds(() => parsePhpMultipart(body, contentType));
    times.push(model);
    cells.push((mb / model).toFixed(0).padStart(18), (mb / Math.max(baseline, 1e-6)).toFixed(0).padStart(9));
  }
  const growth = times[1]! / times[0]! / (sizes[1]! / sizes[0]!);
  console.log(name.padEnd(30), ...cells, `${growth.toFixed(2)}`.padStart(7));
}
