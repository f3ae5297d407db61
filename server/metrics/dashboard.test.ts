import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker } from '../testing/spawn-worker.ts';
import type { SwitchyardProcess } from '../testing/switchyard-process.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

type Dashboard = { panels: { title: string; targets?: { expr: string }[] }[] };
type Rules = { groups: { rules: { alert: string; expr: string }[] }[] };
type PrometheusConfig = { rule_files: string[]; scrape_configs: { job_name: string }[] };

/** Every PromQL expression of the dashboard and the alert rules, with where it is. */
function queries(): { where: string; expr: string }[] {
  const dashboard = JSON.parse(read('deploy/grafana/switchyard-dashboard.json')) as Dashboard;
  const rules = yaml.load(read('deploy/prometheus/alerts.yml')) as Rules;
  return [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr }))),
    ...rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr }))),
  ];
}

/** `# TYPE name kind` of a scrape, as a map. */
function types(scrape: string): Map<string, string> {
  return new Map([...scrape.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** What is wrong with `all` against the metrics `served` (name → kind): one line per metric missing or of the wrong kind. */
function problemsOf(all: { where: string; expr: string }[], served: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const { where, expr } of all) {
    const names = [...expr.matchAll(/\b((?:switchyard|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1]!);
    if (names.length === 0) problems.push(`${where} queries no metric: ${expr}`);
    for (const name of names) {
      // `x_bucket`, `x_count`, `x_sum` are the series of histogram `x`; anything else must be served under its own name.
      const suffix = /_(bucket|count|sum)$/.exec(name);
      const base = suffix && served.get(name.slice(0, suffix.index)) === 'histogram' ? name.slice(0, suffix.index) : name;
      if (!served.has(base)) problems.push(`${where}: ${name} is not on /metrics`);
    }
  }
  return problems;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * The dashboard (deploy/grafana) and the alerts (deploy/prometheus) cannot
 * drift from the code: "every metric a panel or an alert queries is served
 * on /metrics by an interface server or a worker, as the kind the query
 * assumes (a `_bucket` query needs a histogram)".
 */
describe('deploy/: the dashboard and alerts query metrics that exist', () => {
  let server: TestServer;
  let worker: SwitchyardProcess;
  let served: Map<string, string>;
  beforeAll(async () => {
    server = await startTestServer();
    const port = await freePort();
    worker = await spawnWorker(['bigdata.process'], { env: { REDIS_PREFIX: server.config.redisPrefix, DATABASE_URL: server.config.databaseUrl, WORKER_METRICS_PORT: String(port) } });
    const scrapes = await Promise.all([server.url, `http://127.0.0.1:${port}`].map(async (url) => (await fetch(`${url}/metrics`)).text()));
    served = new Map(scrapes.flatMap((scrape) => [...types(scrape)]));
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  it('the Prometheus configuration loads its alert rules and scrapes interface servers, workers and standalone relays', () => {
    const config = yaml.load(read('deploy/prometheus/prometheus.yml')) as PrometheusConfig;
    expect(config.rule_files).toEqual(['alerts.yml']);
    expect(config.scrape_configs.map((job) => job.job_name)).toEqual(['switchyard-interface', 'switchyard-worker', 'switchyard-relay']);
  });

  it('every queried metric is served, with the kind its query needs', () => {
    const all = queries();
    expect(all.length).toBeGreaterThan(15);
    expect(problemsOf(all, served)).toEqual([]);
  });

  it('a renamed metric, or a histogram query of a gauge, is caught', () => {
    const drifted = [
      { where: 'panel "renamed"', expr: 'rate(switchyard_events_rejected_total[5m])' },
      { where: 'panel "gauge"', expr: 'histogram_quantile(0.9, rate(switchyard_connections_bucket[5m]))' },
    ];
    expect(problemsOf(drifted, served)).toEqual([
      'panel "renamed": switchyard_events_rejected_total is not on /metrics',
      'panel "gauge": switchyard_connections_bucket is not on /metrics',
    ]);
  });
});
