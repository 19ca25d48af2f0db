import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tokenHash } from '../../src/review/auth.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { auditRecords } from '../helpers/audit.js';
import { baomi } from '../helpers/cli.js';

describe('baomi user', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-users-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => baomi(['user', ...args, '--data-dir', dir, '--by', 'officer-zhao']);
  const whoHolds = async (token: string) => {
    const store = new SqliteStore(join(dir, 'baomi.db'));
    try {
      return await store.users.byTokenHash(tokenHash(token));
    } finally {
      await store.close();
    }
  };

  it('adds a user once, rotates, changes a role, disables and enables, lists, and audits every change', async () => {
    const added = run('add', 'li', '--role', 'reviewer', '--portal', 'county-a');
    assert.equal(added.status, 0, added.stderr);
    const first = added.stdout.trim();
    assert.deepEqual(await whoHolds(first), { name: 'li', role: 'reviewer', portals: ['county-a'] });

    const again = run('add', 'li', '--role', 'admin');
    assert.equal(again.status, 1);
    assert.match(again.stderr, /exists already: .*baomi user rotate li/);
    assert.equal((await whoHolds(first))?.role, 'reviewer', 'adding again changes nothing');

    const rotated = run('rotate', 'li');
    assert.equal(rotated.status, 0, rotated.stderr);
    const second = rotated.stdout.trim();
    assert.equal(await whoHolds(first), undefined, 'the old token stops working');
    assert.equal((await whoHolds(second))?.name, 'li');

    assert.equal(run('role', 'li', '--role', 'officer', '--all-portals').status, 0);
    assert.deepEqual(await whoHolds(second), { name: 'li', role: 'officer' });
    assert.equal(run('disable', 'li').status, 0);
    assert.equal(await whoHolds(second), undefined, 'a disabled user is nobody');
    const listed = JSON.parse(run('list', '--json').stdout) as Array<{ name: string; disabled: boolean }>;
    assert.deepEqual(listed.map((u) => [u.name, u.disabled]), [['li', true]]);
    assert.doesNotMatch(JSON.stringify(listed), new RegExp(tokenHash(second)), 'no token hashes listed');
    assert.equal(run('enable', 'li').status, 0);
    assert.equal((await whoHolds(second))?.role, 'officer');
    const missing = run('disable', 'nobody');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no user nobody/);

    const store = new SqliteStore(join(dir, 'baomi.db'));
    try {
      const changes = (await auditRecords(store)).filter((e) => e.kind.startsWith('user.'));
      assert.deepEqual(changes.map((e) => e.kind), ['user.add', 'user.rotate', 'user.role', 'user.disable', 'user.enable']);
      assert.ok(changes.every((e) => e.record.by === 'officer-zhao' && e.record.name === 'li'));
    } finally {
      await store.close();
    }
  });
});
