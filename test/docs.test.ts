import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { createRuleFamilies } from '../src/detect/families/index.js';
import { loadPolicy } from '../src/policy/load.js';
import { Metrics } from '../src/metrics.js';
import { SqliteStore } from '../src/store/sqlite/store.js';
import { configurationReference } from '../scripts/configuration-reference.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('documentation and deployment files stay true', () => {
  it('docs/configuration.md is what the schemas say (npm run docs:config)', () => {
    assert.equal(readFileSync('docs/configuration.md', 'utf8'), configurationReference());
  });

  it('every rule id is in docs/rules.md', async () => {
    const doc = readFileSync('docs/rules.md', 'utf8');
    const families = createRuleFamilies({ ...loadPolicy('policies/default.yaml'), keywords: [] });
    const ids = families.flatMap((f) => f.rules.map((r) => r.id));
    assert.ok(ids.length >= 20, ids.join(' '));
    for (const id of ids) assert.ok(doc.includes(`\`${id}\``), `${id} missing from docs/rules.md`);
    for (const f of families) assert.ok(doc.includes(`## ${f.id}`), `family ${f.id} has no section in docs/rules.md`);
    assert.ok(doc.includes('`keyword.<list name>`'));
    for (const code of ['unsupported-format', 'malformed', 'ambiguous', 'encrypted', 'too-large', 'too-deep', 'too-many-parts', 'timeout', 'internal-error']) {
      assert.ok(doc.includes(`\`unscannable.${code}\``), code);
    }
  });

  it('every error code the gateway answers with is in docs/errors.md', () => {
    const doc = readFileSync('docs/errors.md', 'utf8');
    const code = sources('src').map((f) => readFileSync(f, 'utf8')).join('\n');
    const codes = new Set([
      ...[...code.matchAll(/code: '(baomi_[a-z_]+)'/g)].map((m) => m[1]!),
      ...[...code.matchAll(/'(BAOMI_ERR_[A-Z_]+)'/g)].map((m) => m[1]!),
      ...[...code.matchAll(/new ReviewError\(\d+, '([a-z_]+)'/g)].map((m) => m[1]!),
      ...[...code.matchAll(/error: '([a-z_]+)'/g)].map((m) => m[1]!),
    ]);
    assert.ok(codes.size >= 15, [...codes].join(' '));
    for (const c of codes) assert.ok(doc.includes(`\`${c}\``), `${c} missing from docs/errors.md`);
  });

  it('every test a document cites exists', () => {
    for (const file of readdirSync('docs').filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join('docs', file), 'utf8');
      for (const m of text.matchAll(/`(test\/[A-Za-z0-9_./-]+\.ts)`/g)) assert.ok(existsSync(m[1]!), `${file} cites ${m[1]}, which does not exist`);
    }
  });

  it('alerts and the Grafana dashboard only use metrics the gateway exports', async () => {
    const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'baomi-docs-')), 'baomi.db'));
    const metrics = new Metrics(store);
    const names = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    await store.close();
    const alerts = parse(readFileSync('deploy/alerts.yml', 'utf8')) as { groups: Array<{ rules: Array<{ expr: string }> }> };
    const dashboard = JSON.parse(readFileSync('deploy/grafana/baomi-gateway.json', 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
    const exprs = [...alerts.groups.flatMap((g) => g.rules.map((r) => r.expr)), ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr))];
    for (const expr of exprs) {
      for (const m of expr.matchAll(/\b((?:baomi|process|nodejs)_[a-z0-9_]+)/g)) {
        const name = m[1]!.replace(/_(bucket|count|sum)$/, '');
        assert.ok(names.has(name), `${name} in "${expr}" is not exported`);
      }
    }
    for (const file of ['deploy/prometheus.yml', 'deploy/docker-compose.yml', 'deploy/k8s/baomi-gateway.yaml']) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) assert.deepEqual(doc.errors, [], file);
    }
  });
});
