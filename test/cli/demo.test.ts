import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { baomi, baomiAsync } from '../helpers/cli.js';

describe('baomi demo (the README quick start)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-demo-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { BAOMI_DATA_DIR: join(dir, 'data'), BAOMI_DEMO_CMS_PORT: '0', BAOMI_PORT: '0', BAOMI_ADMIN_PORT: '0', BAOMI_ADMIN_TOKEN: 'demo-test-admin-token-0123' };

  it('runs the CMS and the gateway, and its three curl lines publish, block and hold', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`demo did not start: ${out}`)), 60_000);
        proc.stdout.on('data', (c) => {
          out += c;
          if (out.includes('Ctrl-C')) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.on('exit', (code) => reject(new Error(`demo exited ${code}: ${out}`)));
      });
      // Each printed curl line, run as the reader would.
      const lines = out.split('\n').filter((l) => l.startsWith('curl -s '));
      const post = (line: string) => {
        const [, body, url] = /-d '(.+)' (\S+)$/.exec(line)!;
        return fetch(url!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      };
      assert.equal((await post(lines[0]!)).status, 201);
      const blocked = await post(lines[1]!);
      assert.equal(blocked.status, 403);
      assert.match(((await blocked.json()) as { message: string }).message, /秘密★1年/);
      const held = (await (await post(lines[2]!)).json()) as { code: string; data: { holdId: string } };
      assert.equal(held.code, 'baomi_held');
      const [, token, holdsUrl] = /-H 'Authorization: Bearer (\S+)' '(\S+)'/.exec(lines[3]!)!;
      const pending = (await (await fetch(holdsUrl!, { headers: { Authorization: `Bearer ${token}` } })).json()) as { items: Array<{ id: string }> };
      assert.deepEqual(pending.items.map((h) => h.id), [held.data.holdId]);
      // The token printed is a demo reviewer's, not the admin's: it may review, not manage the registry.
      assert.notEqual(token, env.BAOMI_ADMIN_TOKEN);
      const registry = await fetch(new URL('/api/registry?level=%E7%A7%98%E5%AF%86', holdsUrl).toString(), { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: 'x' });
      assert.equal(registry.status, 403);
      assert.match(lines[0]!, /http:\/\/127\.0\.0\.1:/, 'the demo listens on this machine only');
      // The crawl line finds what was published before the gateway (and not what it let through since).
      const crawl = out.split('\n').find((l) => l.startsWith('npx baomi crawl '))!;
      const report = join(dir, 'crawl-report.json');
      const crawled = await baomiAsync([...crawl.replace('npx baomi ', '').split(' ').slice(0, -2), '--report', report], { env });
      assert.equal(crawled.status, 4, crawled.stderr);
      assert.match(crawled.stdout, /BLOCK\s+http:\/\/127\.0\.0\.1:\d+\/\?p=2 /);
      assert.equal((JSON.parse(readFileSync(report, 'utf8')) as { findings: unknown[] }).findings.length, 1);
    } finally {
      proc.kill('SIGTERM');
    }
  });

  it('exits with the error, instead of hanging on the demo CMS, when the policy is invalid', () => {
    const policy = join(dir, 'broken.yaml');
    writeFileSync(policy, 'profile: wordpress\nnot_a_setting: 1\n');
    const r = baomi(['demo'], { env: { ...env, BAOMI_POLICY: policy } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /broken\.yaml/);
  });
});
