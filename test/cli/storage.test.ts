import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { baomi } from '../helpers/cli.js';
import { freshDatabase, stopPostgres } from '../helpers/postgres.js';

after(stopPostgres);

describe('CLI commands on either store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-cli-store-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'received.txt');
  writeFileSync(file, ['000036', '机密★10年', '关于做好汛期安全防范工作的通知', '各乡镇人民政府：为切实做好今年汛期安全防范工作，确保人民群众生命财产安全，现就有关事项通知如下。一是压实防汛责任，逐级落实包保责任人。二是加强隐患排查，对水库塘坝河道堤防逐一检查。'].join('\n'));

  it('on PostgreSQL: migrate, then register with the shared keys, list without them, and refuse to register without them', async () => {
    const db = await freshDatabase();
    try {
      const env = { BAOMI_STORE_URL: db.url, BAOMI_DATA_DIR: join(dir, 'pg-data'), BAOMI_AUDIT_KEY: '', BAOMI_REGISTRY_KEY: '' };
      const migrated = baomi(['migrate'], { env });
      assert.equal(migrated.status, 0, migrated.stderr);
      assert.match(migrated.stdout, /schema version (\d+) \(this version writes \1\), up to date/);
      const password = new URL(db.url).password;
      if (password) assert.ok(!migrated.stdout.includes(password), 'no password in output');
      const keys = { ...env, BAOMI_AUDIT_KEY: randomBytes(32).toString('base64'), BAOMI_REGISTRY_KEY: randomBytes(32).toString('hex') };
      const added = baomi(['registry', 'add', '--level', '机密', file], { env: keys });
      assert.equal(added.status, 0, added.stderr);
      const listed = baomi(['registry', 'list', '--json'], { env });
      assert.equal(listed.status, 0, listed.stderr);
      assert.equal(JSON.parse(listed.stdout)[0].level, '机密');
      const refused = baomi(['registry', 'add', '--level', '秘密', file], { env });
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /BAOMI_AUDIT_KEY or BAOMI_AUDIT_KEY_FILE/);
      const scanned = baomi(['scan', file], { env: keys });
      assert.equal(scanned.status, 4);
      assert.match(scanned.stdout, /registry\.copy/);
    } finally {
      await db.drop();
    }
  });

  it('takes --store as a sqlite: URL or a path, and refuses other schemes', () => {
    const sqlite = `sqlite:${join(dir, 'elsewhere', 'gw.db')}`;
    assert.equal(baomi(['migrate', '--store', sqlite]).status, 0);
    const listed = baomi(['registry', 'list', '--store', join(dir, 'elsewhere', 'gw.db')]);
    assert.equal(listed.status, 0, listed.stderr);
    const bad = baomi(['migrate', '--store', 'mysql://localhost/baomi']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /mysql:\/\/… is not supported/);
  });
});
