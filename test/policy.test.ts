import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { loadPolicy, PolicyError } from '../src/policy/load.js';
import { writePolicy } from './helpers/gateway.js';

describe('policy and configuration loading', () => {
  it('loads the shipped default policy with its WordPress profile', () => {
    const p = loadPolicy('policies/default.yaml');
    assert.equal(p.profile, 'wordpress');
    assert.equal(p.adapter, 'wordpress');
    assert.equal(p.charset, 'utf-8');
    assert.equal(p.failMode, 'closed');
    assert.ok(p.routes.some((r) => r.name === 'wp-rest-posts' && r.responder === 'wp-rest'));
    assert.ok(p.volatileFields.includes('_wpnonce'));
  });

  it('a policy may set only what it changes: extends default, or another file, objects merged key by key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baomi-extends-'));
    try {
      const county = join(dir, 'county.yaml');
      writeFileSync(county, 'extends: default\nlimits:\n  scanTimeoutMs: 5000\nkeywords:\n  - { name: codes, severity: strong, score: 1, words: [蓝盾工程] }\n');
      const shipped = loadPolicy('policies/default.yaml');
      const p = loadPolicy(county);
      assert.equal(p.limits.scanTimeoutMs, 5000);
      assert.equal(p.limits.bodyBytes, shipped.limits.bodyBytes, 'the rest of limits comes from default');
      assert.equal(p.keywords[0]!.words[0], '蓝盾工程');
      assert.equal(p.profile, 'wordpress', 'the profile is found beside the policy it extends');
      assert.deepEqual(p.routes, shipped.routes);
      const town = join(dir, 'town.yaml');
      writeFileSync(town, 'extends: county.yaml\nlimits: { scanTimeoutMs: 7000 }\n');
      assert.deepEqual([loadPolicy(town).limits.scanTimeoutMs, loadPolicy(town).keywords.length], [7000, 1]);
      writeFileSync(join(dir, 'a.yaml'), 'extends: b.yaml\n');
      writeFileSync(join(dir, 'b.yaml'), 'extends: a.yaml\n');
      assert.throws(() => loadPolicy(join(dir, 'a.yaml')), (e: PolicyError) => e instanceof PolicyError && /extends goes round in a circle/.test(e.message));
      writeFileSync(join(dir, 'typo.yaml'), 'extends: default\nlimits: { scanTimeoutMS: 1 }\n');
      assert.throws(() => loadPolicy(join(dir, 'typo.yaml')), (e: PolicyError) => e.message.includes('typo.yaml') && /limits/.test(e.message), 'an unknown key is still refused');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads the generic-form profile', () => {
    const { file } = writePolicy({ profile: 'generic-form' });
    const p = loadPolicy(file);
    assert.equal(p.adapter, 'generic');
    assert.deepEqual(p.submitter.headers, ['x-remote-user']);
    assert.ok(p.routes.some((r) => r.name === 'login' && r.action === 'pass'));
  });

  it('names the file, the path inside it and the problem', () => {
    const { file } = writePolicy({ limits: { bodyBytes: -5 }, scoring: { strong: { 'classified-marking': 'explode' } } });
    assert.throws(() => loadPolicy(file), (err: Error) => {
      assert.ok(err instanceof PolicyError);
      assert.ok(err.message.startsWith(file));
      assert.match(err.message, /limits\.bodyBytes: .*(too small|>0|positive)/i);
      assert.match(err.message, /scoring\.strong\.classified-marking/);
      return true;
    });
  });

  it('rejects unknown keys, bad YAML, duplicate route names and a missing profile', () => {
    const { file, dir } = writePolicy({ limitz: {} });
    assert.throws(() => loadPolicy(file), /limitz|Unrecognized key/);
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\n  profile: [');
    assert.throws(() => loadPolicy(join(dir, 'bad.yaml')), /bad\.yaml: not valid YAML/);
    const dup = writePolicy({ routes: [{ name: 'wp-login', path: '/x' }] });
    assert.throws(() => loadPolicy(dup.file), /route name "wp-login" is used twice/);
    const missing = writePolicy({ profile: 'drupal' });
    assert.throws(() => loadPolicy(missing.file), /drupal\.yaml: cannot read/);
  });

  it('reads operator settings from the environment over the config file, and explains bad ones', () => {
    const { dir } = writePolicy();
    const cfgFile = join(dir, 'gateway.yaml');
    writeFileSync(cfgFile, 'upstream: http://127.0.0.1:1\nport: 8000\n');
    const cfg = loadConfig({ file: cfgFile, env: { BAOMI_PORT: '8123', BAOMI_DATA_DIR: '/var/lib/baomi' } });
    assert.equal(cfg.port, 8123);
    assert.equal(cfg.dataDir, '/var/lib/baomi');
    assert.equal(cfg.upstream, 'http://127.0.0.1:1');
    assert.throws(() => loadConfig({ env: { BAOMI_UPSTREAM: 'ftp://x', BAOMI_ADMIN_TOKEN: 'short' } }), (err: Error) => {
      assert.match(err.message, /upstream \(BAOMI_UPSTREAM\)/);
      assert.match(err.message, /adminToken \(BAOMI_ADMIN_TOKEN\): use at least 16 characters/);
      return true;
    });
  });
});
