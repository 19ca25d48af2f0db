import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CrawlProgress } from '../../src/crawl/progress.js';
import type { CrawlTally } from '../../src/store/store.js';

const tally = (done: number, queued: number, unscanned = 0): CrawlTally => ({ queued, claimed: 0, done, outcomes: { unscanned }, kinds: {} });

describe('crawl progress', () => {
  it('draws a bar on a terminal: found, scanned, findings, unscanned, rate over the last 30 s and ETA', async () => {
    const out: string[] = [];
    let now = tally(0, 100);
    const p = new CrawlProgress({ write: (s: string) => out.push(s) }, true, async () => now);
    p.line(tally(0, 100), 0);
    p.found('new');
    p.found('seen');
    p.found('reopened');
    assert.equal(p.line(tally(50, 50, 2), 10_000), '[############............] found 100 · scanned 50 · findings 2 · unscanned 2 · 5.0/s · ETA 10s');
    // The window forgets what is older than 30 s: a slow patch shows.
    p.line(tally(60, 40, 2), 40_000);
    assert.match(p.line(tally(61, 39, 2), 70_000), /· 0\.0\/s · ETA 19m30s$/);
    now = tally(100, 0, 2);
    await p.stop();
    assert.match(out.at(-1)!, /^\r\x1b\[2K\[#{24}\] found 100 · scanned 100 · findings 2 · unscanned 2 · [\d.]+\/s · ETA 0s\n$/);
  });

  it('writes plain lines off a terminal, at most every interval and once at the end', async () => {
    const out: string[] = [];
    const p = new CrawlProgress({ write: (s: string) => out.push(s) }, false, async () => tally(3, 7), 60_000);
    await p.stop();
    assert.deepEqual(out.length, 1);
    assert.match(out[0]!, /^crawl: found 10 · scanned 3 · findings 0 · unscanned 0 · [\d.]+\/s · ETA /);
  });
});
