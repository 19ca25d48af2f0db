import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import type { RuleFamily } from '../../src/detect/family.js';
import { createRuleFamilies } from '../../src/detect/families/index.js';
import { extractors } from '../../src/extract/extractors.js';
import type { Extractor } from '../../src/extract/extractor.js';
import { loadPolicy } from '../../src/policy/load.js';
import { Scanner } from '../../src/scanner.js';
import { auditRecords } from '../helpers/audit.js';
import { eventually, startRig } from '../helpers/gateway.js';

/** Replaces the HTML extractor with one that misbehaves. */
function withHtml(extract: Extractor['extract']): Extractor[] {
  return [...extractors.filter((e) => e.id !== 'html'), { id: 'faulty-html', mediaTypes: ['text/html'], extract }];
}

const post = { title: 't', content: '<p>关于开展全民健身活动的通知</p>' };

/** A scanner whose HTML extractor crashes on every part. */
const crashingScanner = (policyFile: string) =>
  new Scanner(loadPolicy(policyFile), {
    extractors: withHtml(async () => {
      throw new Error('parser crashed');
    }),
  });

describe('fail closed: what cannot be scanned is held, never passed', () => {
  it('an extractor that throws holds the request', async () => {
    const rig = await startRig({ scanner: crashingScanner });
    try {
      const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(post);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'baomi_held');
      assert.equal(res.body.data.findings[0].rule, 'unscannable.malformed');
      assert.equal(rig.upstream.received.length, 0);
    } finally {
      await rig.close();
    }
  });

  it('a rule family that throws holds the request (internal error)', async () => {
    const broken: RuleFamily = {
      id: 'broken',
      category: 'keyword',
      description: { zh: '坏', en: 'broken' },
      rules: [],
      scan: () => {
        throw new Error('rule bug');
      },
    };
    const rig = await startRig({ scanner: (file) => new Scanner(loadPolicy(file), { families: [...createRuleFamilies(loadPolicy(file)), broken] }) });
    try {
      const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(post);
      assert.equal(res.body.code, 'baomi_held');
      assert.equal(res.body.data.findings[0].rule, 'unscannable.internal-error');
      assert.equal(rig.upstream.received.length, 0);
    } finally {
      await rig.close();
    }
  });

  it('a scan that runs past its budget holds the request, and the hold can still be released', async () => {
    const rig = await startRig({
      policy: { limits: { scanTimeoutMs: 200 } },
      scanner: (file) => new Scanner(loadPolicy(file), { extractors: withHtml(() => new Promise(() => {})) }),
    });
    try {
      const started = Date.now();
      const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(post);
      assert.ok(Date.now() - started < 2000);
      assert.equal(res.body.code, 'baomi_held');
      assert.equal(res.body.data.findings[0].rule, 'unscannable.timeout');
      assert.equal(rig.upstream.received.length, 0);
      await eventually(async () => {
        const entry = (await auditRecords(rig.gw.store)).find((e) => e.record.holdId === res.body.data.holdId);
        assert.equal(entry?.record.outcome, 'held');
        assert.equal(entry?.record.findings[0].rule, 'unscannable.timeout');
      });
    } finally {
      await rig.close();
    }
  });

  it('a reader that never yields (no timer can fire) is still caught by the clock: held, not passed', async () => {
    const policy = loadPolicy('policies/default.yaml');
    const busy = () => {
      const until = Date.now() + 150;
      while (Date.now() < until);
      return Promise.resolve({ part: 'body', mediaType: 'text/html', pages: [], problems: [], children: [] });
    };
    const scanner = new Scanner({ ...policy, limits: { ...policy.limits, scanTimeoutMs: 50 } }, { extractors: withHtml(busy), ocr: false });
    const r = await scanner.scan([{ part: 'body', bytes: Buffer.from('<p>正文</p>'), declaredType: 'text/html' }]);
    assert.equal(r.decision.verdict, 'hold');
    assert.deepEqual(r.findings.map((f) => f.rule), ['unscannable.timeout']);
  });

  it('with failMode: open, unscannable content passes (an explicit policy choice)', async () => {
    const rig = await startRig({ policy: { failMode: 'open' }, scanner: crashingScanner });
    try {
      const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(post);
      assert.equal(res.status, 201);
    } finally {
      await rig.close();
    }
  });
});
