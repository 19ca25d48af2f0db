/**
 * The deployment files, checked by the tools that will read them: promtool
 * (configuration, rules, alert unit tests), amtool, a real Prometheus
 * scraping a running gateway, and the Kubernetes, compose and Dockerfile
 * invariants a cluster or an operator would otherwise find the hard way.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import { startRig } from '../helpers/gateway.js';
import { freePort } from '../helpers/http.js';

const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};
const temp: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'baomi-deploy-'));
  temp.push(d);
  return d;
};
after(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every document of a YAML file, by kind. */
function manifests(file: string): Array<Record<string, any>> {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true }).map((d) => {
    assert.deepEqual(d.errors, [], file);
    return d.toJS() as Record<string, any>;
  });
}

describe('Prometheus and Alertmanager files', () => {
  it('pass promtool check config, check rules and the alert unit tests', () => {
    for (const [cmd, args] of [
      ['promtool', ['check', 'config', 'deploy/prometheus.yml']],
      ['promtool', ['check', 'rules', 'deploy/alerts.yml']],
      ['promtool', ['test', 'rules', 'deploy/alerts.test.yml']],
      ['amtool', ['check-config', 'deploy/alertmanager.yml']],
    ] as const) {
      const r = run(cmd, [...args]);
      assert.equal(r.status, 0, `${cmd} ${args.join(' ')}\n${r.out}`);
    }
    // The compose file's Prometheus finds the rules beside it, as mounted.
    const dir = tempDir();
    copyFileSync('deploy/compose/prometheus.yml', join(dir, 'prometheus.yml'));
    copyFileSync('deploy/alerts.yml', join(dir, 'alerts.yml'));
    const compose = run('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
    assert.equal(compose.status, 0, compose.out);
  });

  it('every alert has a unit test', () => {
    const alerts = (parse(readFileSync('deploy/alerts.yml', 'utf8')) as { groups: Array<{ rules: Array<{ alert: string }> }> }).groups.flatMap((g) => g.rules.map((r) => r.alert));
    const tested = new Set((parse(readFileSync('deploy/alerts.test.yml', 'utf8')) as { tests: Array<{ alert_rule_test: Array<{ alertname: string }> }> }).tests.flatMap((t) => t.alert_rule_test.map((a) => a.alertname)));
    const untested = alerts.filter((a) => !tested.has(a));
    // Rate- and histogram-based alerts need long synthetic series; these are checked by promtool check rules only.
    assert.deepEqual(untested.sort(), ['BaomiBlocksSpike', 'BaomiHoldQueueGrowing', 'BaomiScanWorkersRestarting', 'BaomiSlowInspection', 'BaomiUnscannableRising', 'BaomiUpstreamErrors'].sort());
  });

  it('a real Prometheus scrapes a running gateway and loads the alert rules', async () => {
    const rig = await startRig();
    const dir = tempDir();
    const port = await freePort();
    const target = new URL(rig.gw.adminUrl).host;
    writeFileSync(join(dir, 'prometheus.yml'), readFileSync('deploy/prometheus.yml', 'utf8').replace('scrape_interval: 15s', 'scrape_interval: 1s').replace("['baomi-gateway:9090']", `['${target}']`));
    copyFileSync('deploy/alerts.yml', join(dir, 'alerts.yml'));
    const prom = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    try {
      await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title: '通知', content: '<p>秘密★1年</p><p>通知</p>' });
      const query = async (q: string) => {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`).catch(() => undefined);
        return res?.ok ? ((await res.json()) as { data: { result: Array<{ value: [number, string]; metric: Record<string, string> }> } }).data.result : [];
      };
      const deadline = Date.now() + 30_000;
      let blocked: Array<{ value: [number, string] }> = [];
      while (Date.now() < deadline) {
        blocked = await query('baomi_requests_total{job="baomi-gateway",verdict="block"}');
        if (blocked.length) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      assert.equal(blocked[0]?.value[1], '1', 'the block is counted in what Prometheus scraped');
      assert.equal((await query('up{job="baomi-gateway"}'))[0]?.value[1], '1');
      const rules = (await (await fetch(`http://127.0.0.1:${port}/api/v1/rules`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string; health: string }> }> } };
      const loaded = rules.data.groups.flatMap((g) => g.rules);
      assert.ok(loaded.length >= 10);
      assert.deepEqual(loaded.filter((r) => r.health === 'err'), []);
    } finally {
      prom.kill('SIGTERM');
      await rig.close();
    }
  });
});

describe('Kubernetes manifests', () => {
  const docs = [...manifests('deploy/k8s/baomi-gateway.yaml'), ...manifests('deploy/k8s/secret.template.yaml'), ...manifests('deploy/k8s/migrate-job.yaml')];
  const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
  const deployment = byKind('Deployment')[0]!;
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('run stateless replicas on PostgreSQL as a Deployment, with a numeric non-root user', () => {
    assert.equal(byKind('StatefulSet').length, 0);
    assert.ok(deployment.spec.replicas >= 2);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(typeof pod.securityContext.runAsUser, 'number');
    assert.ok(pod.securityContext.runAsUser > 0);
    assert.match(readFileSync('Dockerfile', 'utf8'), new RegExp(`^USER ${pod.securityContext.runAsUser}:`, 'm'), 'the image runs as the same user');
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    const mounts = new Map(container.volumeMounts.map((m: { mountPath: string; name: string }) => [m.mountPath, m.name]));
    const emptyDirs = new Set(pod.volumes.filter((v: { emptyDir?: object }) => v.emptyDir).map((v: { name: string }) => v.name));
    assert.ok(emptyDirs.has(mounts.get('/tmp')), '/tmp is an emptyDir under a read-only root filesystem');
    assert.equal(container.readinessProbe.httpGet.path, '/readyz');
    assert.equal(container.livenessProbe.httpGet.path, '/healthz');
  });

  it('take every secret they name from the Secret template, keys included', () => {
    const secret = byKind('Secret')[0]!;
    const keys = new Set(Object.keys(secret.stringData));
    const named = docs.flatMap((d) => JSON.stringify(d).match(/"secretKeyRef":\{"name":"baomi-gateway","key":"[a-z-]+"/g) ?? []).map((m) => m.split('"key":"')[1]!.replace('"', ''));
    const items = pod.volumes.flatMap((v: { secret?: { secretName: string; items: Array<{ key: string }> } }) => (v.secret?.secretName === 'baomi-gateway' ? v.secret.items.map((i) => i.key) : []));
    for (const k of [...named, ...items]) assert.ok(keys.has(k), `${k} is in the Secret template`);
    const env = new Map(container.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    for (const k of ['SEAL', 'AUDIT', 'REGISTRY']) assert.ok(env.has(`BAOMI_${k}_KEY_FILE`) || env.has(`BAOMI_${k}_KEY`), `the ${k.toLowerCase()} key is given`);
    assert.ok(env.has('BAOMI_STORE_URL'));
  });

  it('keep the admin port on its own ClusterIP Service behind a NetworkPolicy, and scale within a disruption budget', () => {
    const services = byKind('Service');
    const admin = services.find((s) => s.spec.ports.some((p: { targetPort: string }) => p.targetPort === 'admin'))!;
    assert.equal(admin.spec.type, 'ClusterIP');
    assert.ok(!services.some((s) => s !== admin && s.spec.ports.some((p: { targetPort: string }) => p.targetPort === 'admin')), 'the public Service does not expose the admin port');
    const policy = byKind('NetworkPolicy')[0]!;
    assert.deepEqual(policy.spec.podSelector.matchLabels, deployment.spec.template.metadata.labels);
    const adminRule = policy.spec.ingress.find((r: { ports: Array<{ port: string }> }) => r.ports.some((p) => p.port === 'admin'));
    assert.ok(adminRule?.from?.length, 'only named peers reach the admin port');
    const hpa = byKind('HorizontalPodAutoscaler')[0]!;
    assert.deepEqual([hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name], ['Deployment', deployment.metadata.name]);
    const pdb = byKind('PodDisruptionBudget')[0]!;
    assert.deepEqual(pdb.spec.selector.matchLabels, deployment.spec.selector.matchLabels);
    assert.deepEqual(byKind('Job')[0]!.spec.template.spec.containers[0].args, ['migrate']);
  });
});

describe('compose file and image', () => {
  it('compose runs two replicas on PostgreSQL, migrated first, with Prometheus, Alertmanager, provisioned Grafana and the demo CMS', () => {
    const compose = manifests('deploy/docker-compose.yml')[0]!;
    const s = compose.services as Record<string, any>;
    const gateways = Object.keys(s).filter((n) => /^gateway-\d$/.test(n));
    assert.equal(gateways.length, 2);
    for (const g of gateways) {
      assert.match(s[g].environment.BAOMI_STORE_URL, /^postgres:\/\//);
      assert.equal(s[g].depends_on.migrate.condition, 'service_completed_successfully');
    }
    assert.deepEqual(s.migrate.command, ['migrate']);
    assert.deepEqual(s['demo-cms'].command.slice(0, 1), ['demo-cms']);
    for (const name of ['postgres', 'prometheus', 'alertmanager', 'grafana', 'balancer']) assert.ok(s[name], name);
    const mounted = (s.grafana.volumes as string[]).map((v) => v.split(':')[1] ?? '');
    assert.ok(mounted.some((m) => m.startsWith('/etc/grafana/provisioning/datasources/')), 'the datasource is provisioned');
    assert.ok(mounted.some((m) => m.startsWith('/etc/grafana/provisioning/dashboards/')), 'the dashboard is provisioned');
    const datasource = parse(readFileSync('deploy/grafana/datasource.yml', 'utf8')) as { datasources: Array<{ type: string; url: string }> };
    assert.equal(datasource.datasources[0]!.type, 'prometheus');
    const nginx = readFileSync('deploy/compose/nginx.conf', 'utf8');
    for (const g of gateways) assert.ok(nginx.includes(`server ${g}:8080`), `the balancer sends to ${g}`);
  });

  it('the image is a maintained Node.js LTS, builds native modules without downloads and checks health on the configured port', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const major = Number(/^ARG NODE_IMAGE=node:(\d+)/m.exec(dockerfile)?.[1]);
    assert.ok(major >= 22 && major % 2 === 0, `node ${major} is an LTS line still maintained`);
    assert.match(dockerfile, /npm_config_nodedir=\/usr\/local/);
    assert.match(dockerfile, /^HEALTHCHECK .*process\.env\.BAOMI_ADMIN_PORT/m);
    assert.match(dockerfile, /^USER \d+:\d+$/m);
  });
});
