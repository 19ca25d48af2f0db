import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrustedProxies } from '../../src/cms/identity.js';

describe('trusted proxies (BAOMI_TRUSTED_PROXIES)', () => {
  it('trusts the listed addresses and ranges, IPv4-mapped IPv6 included, nobody else', () => {
    const t = TrustedProxies.parse('10.0.0.5, 192.168.10.0/24 fd00::/64');
    for (const a of ['10.0.0.5', '::ffff:10.0.0.5', '192.168.10.77', 'fd00::1']) assert.ok(t.trusts(a), a);
    for (const a of ['10.0.0.6', '192.168.11.1', 'fd01::1', '127.0.0.1', undefined]) assert.ok(!t.trusts(a), String(a));
    assert.ok(!TrustedProxies.parse('').trusts('127.0.0.1'), 'empty: nobody');
  });

  it('refuses what would trust everyone or is not a range', () => {
    for (const bad of ['10.0.0.5/', 'fd00::1/', '0.0.0.0/0', '::/0', '10.0.0.0/7', '10.0.0.5/0x8', '10.0.0.5/1e1', '10.0.0.5/33', 'example.org', '10.0.0']) {
      assert.throws(() => TrustedProxies.parse(bad), /BAOMI_TRUSTED_PROXIES/, bad);
    }
  });
});
