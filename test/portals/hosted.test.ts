import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { PolicyError, loadPolicy } from '../../src/policy/load.js';
import { localTime } from '../../src/gateway/status-page.js';
import { loadPortal } from '../../src/policy/portal.js';
import { HostedPortals, normaliseHost } from '../../src/portals/hosted.js';

const policy = loadPolicy('policies/default.yaml');
const dir = mkdtempSync(join(tmpdir(), 'baomi-hosted-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: unknown) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof data === 'string' ? data : stringify(data));
  return path;
};
const portal = (id: string, hosts: string[]) => ({ id, hosts, upstream: `http://cms-${id}.internal` });

describe('portals files', () => {
  it('reads a directory of files, resolves hosts whatever their case, port or trailing dot, and nothing else', () => {
    file('many/a.yaml', { portals: [portal('county-a', ['www.county-a.gov.cn'])] });
    file('many/b.yml', { portals: [portal('county-b', ['www.county-b.gov.cn', '[2001:db8::1]'])] });
    file('many/notes.txt', 'not a portals file');
    const portals = HostedPortals.load(join(dir, 'many'), policy);
    assert.deepEqual(portals.all.map((p) => p.id), ['county-a', 'county-b']);
    assert.equal(portals.resolve('WWW.County-A.gov.cn.:8443')?.id, 'county-a');
    assert.equal(portals.resolve('[2001:db8::1]:80')?.id, 'county-b');
    assert.equal(portals.resolve('www.county-c.gov.cn'), undefined);
    assert.equal(portals.resolve(undefined), undefined);
    assert.equal(portals.resolve('county-a.gov.cn'), undefined, 'only the names listed');
    assert.equal(portals.all[0]!.policy, policy, 'the gateway policy unless a portal names its own');
  });

  it('refuses a host or an id named twice, an unknown key, and a bad id, naming the file', () => {
    const twice = file('twice.yaml', { portals: [portal('a', ['x.gov.cn']), portal('b', ['X.gov.cn'])] });
    assert.throws(() => HostedPortals.load(twice, policy), (e: PolicyError) => e instanceof PolicyError && /host x\.gov\.cn is named by portals "a" and "b"/.test(e.message));
    const ids = file('ids.yaml', { portals: [portal('a', ['x.gov.cn']), portal('a', ['y.gov.cn'])] });
    assert.throws(() => HostedPortals.load(ids, policy), /portal id "a" is used twice/);
    const unknown = file('unknown.yaml', { portals: [{ ...portal('a', ['x.gov.cn']), upstreams: 'typo' }] });
    assert.throws(() => HostedPortals.load(unknown, policy), (e: PolicyError) => e.message.startsWith(`${unknown}: invalid portals file`) && /upstreams/.test(e.message));
    const badId = file('bad-id.yaml', { portals: [portal('County A', ['x.gov.cn'])] });
    assert.throws(() => HostedPortals.load(badId, policy), /portals\.0\.id/);
  });

  it('answers any Host with the one portal when no portals file is configured', () => {
    const single = HostedPortals.single('http://cms.internal', undefined, policy);
    assert.equal(single.resolve('anything.example')?.id, 'default');
    assert.equal(single.resolve(undefined)?.id, 'default');
  });

  it('shows times in a portal time zone, and refuses one that is not a zone', () => {
    assert.equal(localTime(Date.UTC(2026, 11, 3, 8, 30), 'Asia/Shanghai'), '2026-12-03 16:30:00 (Asia/Shanghai)');
    assert.equal(localTime(Date.UTC(2026, 11, 3, 8, 30), 'Asia/Urumqi'), '2026-12-03 14:30:00 (Asia/Urumqi)');
    const bad = file('bad-zone.yaml', { portal: '某县门户', ownOrgan: '某县人民政府办公室', timeZone: 'Beijing' });
    assert.throws(() => loadPortal(bad), (e: PolicyError) => /timeZone: not an IANA time zone/.test(e.message));
  });

  it('normalises Host headers', () => {
    assert.equal(normaliseHost(' WWW.Example.GOV.CN.:443 '), 'www.example.gov.cn');
    assert.equal(normaliseHost('[::1]:8080'), '[::1]');
    assert.equal(normaliseHost('2001:DB8::1'), '[2001:db8::1]');
  });
});
