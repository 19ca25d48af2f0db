import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
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
