import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OcrEngine, OcrLine } from '../../src/extract/ocr/engine.js';
import { OcrBusyError, OcrPool, OcrTimeoutError } from '../../src/extract/ocr/pool.js';

/** An engine that answers after `ms` (or never), counting what it is asked. */
function fakeEngine(ms: number | 'never', log: string[]): OcrEngine {
  return {
    id: 'fake',
    recognize: (image) => {
      log.push(`recognize ${image.toString()}`);
      return ms === 'never' ? new Promise<OcrLine[]>(() => {}) : new Promise((r) => setTimeout(() => r([{ text: image.toString(), confidence: 90, box: { x: 0, y: 0, w: 1, h: 1 } }]), ms));
    },
    terminate: async () => void log.push('terminate'),
  };
}

describe('OCR pool', () => {
  it('runs jobs on at most `size` engines and caches by image hash', async () => {
    const log: string[] = [];
    let started = 0;
    const pool = new OcrPool({ size: 2, start: async () => (started++, fakeEngine(20, log)) });
    const results = await Promise.all(['a', 'b', 'c', 'a'].map((x) => pool.recognize(Buffer.from(x))));
    assert.deepEqual(results.map((r) => r[0]!.text), ['a', 'b', 'c', 'a']);
    assert.equal(started, 2);
    await pool.recognize(Buffer.from('b'));
    assert.equal(log.filter((l) => l === 'recognize b').length, 1, 'the second b came from the cache');
    await pool.close();
    assert.equal(log.filter((l) => l === 'terminate').length, 2);
  });

  it('times a stuck job out and replaces its engine', async () => {
    const log: string[] = [];
    let n = 0;
    const pool = new OcrPool({ size: 1, timeoutMs: 50, start: async () => fakeEngine(n++ === 0 ? 'never' : 5, log) });
    await assert.rejects(pool.recognize(Buffer.from('stuck')), OcrTimeoutError);
    assert.deepEqual(log.slice(-1), ['terminate']);
    assert.equal((await pool.recognize(Buffer.from('next')))[0]!.text, 'next');
    await pool.close();
  });

  it('refuses work past the queue bound, and fails waiting jobs when no engine starts', async () => {
    const pool = new OcrPool({ size: 1, maxQueue: 1, start: async () => fakeEngine(30, []) });
    // The engine is still starting, so the first job waits in the queue and fills it.
    const first = pool.recognize(Buffer.from('1'));
    await assert.rejects(pool.recognize(Buffer.from('2')), OcrBusyError);
    await first;
    await pool.close();
    const broken = new OcrPool({ size: 1, start: async () => Promise.reject(new Error('no language data')) });
    await assert.rejects(broken.recognize(Buffer.from('x')), /no language data/);
  });
});
