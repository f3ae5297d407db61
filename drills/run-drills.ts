import { performance } from 'node:perf_hooks';
import { killAllSwitchyardProcesses } from '../server/testing/switchyard-process.ts';
import type { Drill, DrillOutcome, DrillScope } from './drill.ts';
import { abuseDrill } from './abuse/abuse-drill.ts';
import { jobFailuresDrill } from './job-failures/job-failures-drill.ts';
import { killServerDrill } from './kill-server.ts';
import { postgresRestartDrill } from './postgres-restart.ts';
import { redisFailoverDrill } from './redis-failover.ts';
import { redisRestartDrill } from './redis-restart.ts';
import { relayPartitionDrill } from './relay-partition.ts';
import { slowClientDrill } from './slow-client.ts';
import { workerKillDrill } from './worker-kill.ts';

/**
 * `npm run drills [-- name...]`: runs every failure drill (or the named ones)
 * one after the other and prints one line per drill on stdout,
 * `drill: <name> lost=0 duplicated=0 crashed=0 (12.3 s)`, or `FAILED` with the
 * reason; exits 1 if any failed. Progress and process output go to stderr.
 * docs/reliability.md#failure-drills says what each drill does.
 */
const DRILLS: Drill[] = [
  killServerDrill,
  redisRestartDrill,
  redisFailoverDrill,
  postgresRestartDrill,
  workerKillDrill,
  jobFailuresDrill,
  slowClientDrill,
  relayPartitionDrill,
  abuseDrill,
];
// A drill that hangs is stopped (and fails) after this long; the whole run takes a few minutes.
const DRILL_TIMEOUT_MS = 240_000;

const cleanups: (() => Promise<unknown> | unknown)[] = [];

async function tearDown(log: (line: string) => void): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => log(`teardown: ${(error as Error).message}`));
  }
}

async function runDrill(drill: Drill): Promise<boolean> {
  const log = (line: string) => process.stderr.write(`[drill:${drill.name}] ${line}\n`);
  const crashed: string[] = [];
  let over = false;
  const scope: DrillScope = {
    defer: (cleanup) => void cleanups.push(cleanup),
    watch(name, exited) {
      let expected = false;
      void exited.then(() => !over && !expected && crashed.push(name));
      return () => (expected = true);
    },
    crashed: () => [...crashed],
    log,
  };
  const started = performance.now();
  let outcome: DrillOutcome | undefined;
  let failure: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${DRILL_TIMEOUT_MS / 1000} s`)), DRILL_TIMEOUT_MS);
    });
    outcome = await Promise.race([drill.run(scope), timeout]);
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    clearTimeout(timer);
    over = true;
    await tearDown(log);
  }
  const seconds = `(${((performance.now() - started) / 1000).toFixed(1)} s)`;
  if (!outcome) {
    console.log(`drill: ${drill.name} FAILED ${seconds}: ${failure}`);
    return false;
  }
  const passed = outcome.lost === 0 && outcome.duplicated === 0 && outcome.crashed === 0;
  console.log(`drill: ${drill.name} lost=${outcome.lost} duplicated=${outcome.duplicated} crashed=${outcome.crashed} ${seconds}${passed ? '' : ' FAILED'}`);
  for (const note of outcome.notes) console.log(`  ${note}`);
  return passed;
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !DRILLS.some((drill) => drill.name === name));
if (unknown.length > 0) {
  console.error(`unknown drill ${unknown.join(', ')}; the drills are: ${DRILLS.map((d) => d.name).join(', ')}`);
  process.exit(2);
}
process.on('exit', killAllSwitchyardProcesses);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void tearDown((line) => process.stderr.write(`${line}\n`)).finally(() => process.exit(130)));
}
let failed = 0;
for (const drill of DRILLS.filter((d) => wanted.length === 0 || wanted.includes(d.name))) {
  if (!(await runDrill(drill))) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
