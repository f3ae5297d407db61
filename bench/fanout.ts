import { mkdirSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../server/config.ts';
import { parseBenchArgs, UsageRequested } from './lib/args.ts';
import { benchDatabase } from './lib/bench-database.ts';
import type { BenchArgs } from './lib/args.ts';
import { killAllSwitchyardProcesses, REPO_ROOT } from '../server/testing/switchyard-process.ts';
import { openFileLimit } from './lib/proc.ts';
import { deleteKeys } from './lib/redis-cleanup.ts';
import { checkTargets, machineInfo, ratios } from './lib/report.ts';
import { runScenario } from './lib/scenario.ts';
import { runClusterFanout } from './lib/cluster-fanout.ts';
import { runBench } from './lib/run-bench.ts';
import type { ScenarioParams } from './lib/scenario-params.ts';
import type { ScenarioResult } from './lib/scenario-result.ts';
import { startBareServer, startSwitchyardServers } from './lib/servers.ts';
import { medianOf, round } from './lib/stats.ts';
import { BENCH_TRACE_RATIO, startOtlpSink } from './lib/otlp-sink.ts';

/**
 * `npm run bench:fanout`: N socket.io clients in one group, M broadcasts from
 * a separate process, against Switchyard (2 interface servers, Redis channel
 * layer) and, in the same run, a bare Socket.IO server as the ceiling.
 * `traced` (in --scenarios) is Switchyard with tracing on at 1 % sampling.
 * Each Switchyard scenario also reports its servers' own delivery
 * histograms over the broadcast phase (`serverHistogramsMs`).
 * With --rounds R they run R times, alternating, and the figures printed are
 * the medians over the rounds not disturbed by other work on the machine
 * (each round is in `rounds`). `--cluster` runs many groups against one
 * Redis and a Redis Cluster instead (lib/cluster-fanout.ts).
 * Prints one JSON object on stdout (progress on stderr), writes it to
 * bench/results/fanout-<time>.json, and exits 1 if a scenario failed (its
 * error is in the JSON's `errors`).
 */
type Scenario = BenchArgs['scenarios'][number];
type Round = Partial<Record<Scenario, ScenarioResult>>;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Runs the scenarios and prints the result; false when a scenario failed. */
async function main(args: BenchArgs): Promise<boolean> {
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const resultsDir = `${REPO_ROOT}bench/results`;
  mkdirSync(resultsDir, { recursive: true });
  checkFileLimit(args);
  const redisPrefix = `sy-bench-${process.pid}`;
  const params: ScenarioParams = {
    clients: args.clients,
    client: args.client,
    broadcasts: args.broadcasts,
    intervalMs: args.intervalMs,
    generators: args.generators,
    concurrency: args.concurrency,
    settleMs: args.settleMs,
    profileDir: args.cpuProf ? `${resultsDir}/prof-${stamp}` : undefined,
  };
  const rounds: Round[] = [];
  const errors: string[] = [];
  const sink = await startOtlpSink();
  for (let round = 1; round <= args.rounds; round += 1) {
    const results: Round = {};
    rounds.push(results);
    // A failed scenario is reported, and the others still run.
    for (const scenario of args.scenarios) {
      log(`scenario ${scenario}${args.rounds > 1 ? `, round ${round} of ${args.rounds}` : ''}`);
      try {
        results[scenario] = await runOne(scenario, args, params, redisPrefix, sink.url);
      } catch (error) {
        errors.push(`${scenario}: ${error instanceof Error ? error.message : String(error)}`);
        log(`scenario ${scenario} failed: ${errors.at(-1)}`);
        killAllSwitchyardProcesses();
      }
    }
  }
  await sink.close();
  const switchyard = summary(rounds, 'switchyard');
  const bare = summary(rounds, 'bare');
  const traced = summary(rounds, 'traced');
  const ratio = switchyard && bare ? ratios(switchyard, bare) : null;
  const output = {
    bench: 'fanout',
    startedAt: started.toISOString(),
    params: { ...params, rounds: args.rounds, switchyardServers: args.servers, bareServers: 1, redisPrefix },
    machine: machineInfo(),
    switchyard: switchyard ?? null,
    bare: bare ?? null,
    traced: traced ?? null,
    /** Servers' CPU per delivery with tracing on (1 % sampled) over off, in the same run. */
    tracingCpuRatio: switchyard?.cpu.serverPerDeliveryUs && traced?.cpu.serverPerDeliveryUs ? round(traced.cpu.serverPerDeliveryUs / switchyard.cpu.serverPerDeliveryUs, 3) : null,
    tracedSpanPosts: sink.posts(),
    ratio,
    targets: switchyard ? checkTargets(args.clients, switchyard, ratio) : null,
    errors,
    ...(args.rounds > 1 ? { rounds } : {}),
  };
  const json = JSON.stringify(output, null, 2);
  const file = `${resultsDir}/fanout-${stamp}.json`;
  writeFileSync(file, `${json}\n`);
  log(`written to ${file}`);
  process.stdout.write(`${json}\n`);
  return errors.length === 0;
}

/** Starts the scenario's servers and runs it; for Switchyard, deletes its Redis keys afterwards. */
async function runOne(scenario: Scenario, args: BenchArgs, params: ScenarioParams, redisPrefix: string, sinkUrl: string): Promise<ScenarioResult> {
  if (scenario === 'bare') return runScenario(scenario, await startBareServer(params.profileDir), params);
  const config = loadConfig();
  const { redisUrl } = config;
  const databaseUrl = await benchDatabase(config.databaseUrl);
  try {
    const env: Record<string, string> = scenario === 'traced' ? { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, TRACE_SAMPLE_RATIO: BENCH_TRACE_RATIO } : {};
    const set = await startSwitchyardServers({ processes: args.servers, redisUrl, redisPrefix, databaseUrl, profileDir: params.profileDir, env });
    return await runScenario(scenario, set, params);
  } finally {
    const deleted = await deleteKeys(redisUrl, redisPrefix).catch((error: Error) => (log(`redis cleanup failed: ${error.message}`), 0));
    log(`deleted ${deleted} redis keys under ${redisPrefix}:`);
  }
}

/** Medians of a scenario's rounds, over those other work on the machine did not disturb if there are any. */
function summary(rounds: Round[], scenario: Scenario): ScenarioResult | undefined {
  const runs = rounds.flatMap((round) => round[scenario] ?? []);
  const undisturbed = runs.filter((run) => !run.disturbed);
  return runs.length > 0 ? medianOf(undisturbed.length > 0 ? undisturbed : runs) : undefined;
}

/** Fails early, with the fix, when a process could not hold its share of the sockets. */
function checkFileLimit(args: BenchArgs): void {
  const perServer = args.scenarios.includes('bare') ? args.clients : Math.ceil(args.clients / args.servers);
  const needed = Math.max(perServer, Math.ceil(args.clients / args.generators)) + 200;
  const limit = openFileLimit();
  if (limit < needed) {
    const fix = `raise it with "ulimit -n ${needed}" (npm run bench:fanout does this)`;
    throw new Error(`the open-file limit is ${limit} but a process may need ${needed}: ${fix}`);
  }
}

let args: BenchArgs;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageRequested) {
    console.log(error.message);
    process.exit(0);
  }
  console.error((error as Error).message);
  process.exit(1);
}
if (args.cluster) runBench('fanout-cluster', args.timeoutS, () => runClusterFanout(args, args.cpuProf ? `${REPO_ROOT}bench/results/prof-${new Date().toISOString().replace(/[:.]/g, '-')}` : undefined));
else runScenarios(args);

/** The scenarios' run: every child ends with this process, which ends after `--timeout-s` at the latest. */
function runScenarios(args: BenchArgs): void {
  process.on('exit', killAllSwitchyardProcesses);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping every process the bench started`);
      process.exit(130);
    });
  }
  const watchdog = setTimeout(() => {
    log(`hard timeout of ${args.timeoutS} s reached; stopping`);
    process.exit(2);
  }, args.timeoutS * 1000);
  main(args).then(
    (ok) => {
      clearTimeout(watchdog);
      process.exit(ok ? 0 : 1);
    },
    (error: unknown) => {
      log(`failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
