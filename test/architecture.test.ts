import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/**
 * The engine (extract, detect, decide, the scanner over them, the policy)
 * knows nothing of HTTP, holds or storage: the gateway, the review service
 * and the registry's store plug into it through its own small interfaces.
 */
describe('module boundaries', () => {
  it('the engine imports nothing from the gateway, review, store, registry or an HTTP stack', () => {
    const engine = [...sources('src/extract'), ...sources('src/detect'), ...sources('src/policy'), 'src/scanner.ts'];
    const forbidden = /from '(?:[./]+\/(?:gateway|review|store|registry|server|admin|metrics)[/.'][^']*|node:https?|express|http-proxy-middleware|pg|better-sqlite3)'/;
    const offenders = engine.flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => /^import /.test(line) && forbidden.test(line)).map((line) => `${file}: ${line}`));
    assert.deepEqual(offenders, []);
  });

  it('only the store module speaks SQL', () => {
    const outside = sources('src').filter((f) => !f.startsWith(join('src', 'store')));
    const offenders = outside.filter((f) => /from '(?:pg|better-sqlite3)'/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
