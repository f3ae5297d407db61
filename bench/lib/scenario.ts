import type { MemoryReport } from './child-agent.ts';
import { startChild } from './children.ts';
import type { Child } from './children.ts';
import { monotonicMs, sleep } from './clock.ts';
import type { ConnectedMessage, GeneratorConfig, GeneratorReport, PublishedMessage } from './messages.ts';
import { cpuMicros, machineCpu, waitForQuiet } from './proc.ts';
import { computeResult } from './scenario-result.ts';
import { deliveryBetween, scrapeDeliveryHistograms } from './server-histograms.ts';
import type { ClientKind } from './clients.ts';
import type { ScenarioParams } from './scenario-params.ts';
import type { CpuTime, Memory, ScenarioResult } from './scenario-result.ts';
import type { ServerSet } from './servers.ts';

// Probes sent after every client is ready, to warm up every process's JIT and buffers on the broadcast path.
const WARMUP_PROBES = 5;
// Before measuring CPU and latency, wait (a bounded time) until other work on the machine has calmed down.
const QUIET_BUSY_SHARE = 0.15;
const QUIET_WAIT_MS = 30_000;

/** One wave of connections: how long connecting and getting ready took, the servers' CPU meanwhile, their memory after. */
type Wave = { connectMs: number; readyMs: number; cpuMicros: number; memory: Memory; failed: number; firstError?: string };

/**
 * Runs one fan-out scenario against started servers: connect N clients over
 * G generator processes in two waves (reading the servers' memory after each,
 * once a probe broadcast reached every client, i.e. group membership is in
 * place), then send M measured broadcasts from the publisher process while
 * reading CPU time. Stops every process it started, and the servers, before
 * returning or throwing.
 */
export async function runScenario(name: string, set: ServerSet, params: ScenarioParams): Promise<ScenarioResult> {
  const log = (line: string) => process.stderr.write(`[bench:${name}] ${line}\n`);
  const generators: Child[] = [];
  let publisher: Child | undefined;
  try {
    const perGenerator = splitEvenly(params.clients, params.generators);
    let offset = 0;
    for (const [i, clients] of perGenerator.entries()) {
      const config: GeneratorConfig = {
        client: params.client,
        urls: set.urls,
        clients,
        offset,
        broadcasts: params.broadcasts,
        concurrency: params.concurrency,
        connectTimeoutMs: 20_000,
      };
      offset += clients;
      const spec = { module: 'bench/client-generator.ts', args: [JSON.stringify(config)], profileDir: params.profileDir };
      generators.push(startChild({ ...spec, name: `${name}-gen-${i + 1}`, nodeArgs: clientNodeArgs(params.client) }));
    }
    const { args, env } = set.publisher;
    publisher = startChild({ name: `${name}-publisher`, module: 'bench/publisher.ts', args, env, profileDir: params.profileDir });
    await Promise.all([...generators.map((g) => g.next('spawned', 30_000)), publisher.next('ready', 30_000)]);
    await sleep(params.settleMs);
    const idle = await memoryOf(set.servers);

    // Memory per connection is the growth over the second wave, when one-off
    // growth (JIT code, the young generation and buffers reaching their working size) happened in the first.
    log(`connecting ${params.clients} clients to ${set.urls.join(' ')} from ${generators.length} processes, in two waves`);
    const wave = (upTo: number[]) => connectWave(set, generators, publisher as Child, upTo, params);
    const first = await wave(perGenerator.map((k) => Math.ceil(k / 2)));
    const second = await wave(perGenerator);
    const failed = first.failed + second.failed;
    const failure = failed ? `: ${first.firstError ?? second.firstError}` : '';
    log(`connected in ${(first.connectMs + second.connectMs).toFixed(0)} ms (${failed} failed${failure})`);
    const quiet = await waitForQuiet(QUIET_BUSY_SHARE, QUIET_WAIT_MS);
    if (!quiet.quiet) log(`the machine stayed ${(quiet.busyShare * 100).toFixed(0)}% busy with other work; measuring anyway`);

    log(`broadcasting ${params.broadcasts} × every ${params.intervalMs} ms`);
    const publisherPid = publisher.pid;
    const cpuTime = (): CpuTime => ({
      servers: set.servers.map((s) => cpuMicros(s.pid)),
      generators: generators.map((g) => cpuMicros(g.pid)),
      publisher: cpuMicros(publisherPid),
      machine: machineCpu(),
    });
    const histogramsBefore = await scrapeDeliveryHistograms(set.urls);
    const cpuBefore = cpuTime();
    const phaseStart = monotonicMs();
    publisher.send({ type: 'run', broadcasts: params.broadcasts, intervalMs: params.intervalMs });
    const phaseTimeout = params.broadcasts * params.intervalMs + 60_000;
    const allDone = Promise.all(generators.map((g) => g.next('done', phaseTimeout + 60_000))).then(
      () => true,
      () => false,
    );
    const published = await publisher.next<PublishedMessage>('published', phaseTimeout);
    if (published.failed > 0) log(`${published.failed} broadcasts failed to send: ${published.firstError}`);
    // Deliveries still missing this long after the last send are lost.
    const complete = await Promise.race([allDone, sleep(Math.max(3000, 10 * params.intervalMs)).then(() => false)]);
    const phaseMs = monotonicMs() - phaseStart;
    const cpuAfter = cpuTime();
    if (!complete) log('not every delivery arrived; counting the missing ones as lost');
    const serverHistograms = deliveryBetween(histogramsBefore, await scrapeDeliveryHistograms(set.urls));

    const reportsPending = generators.map((g) => g.next<GeneratorReport>('report', 30_000));
    for (const g of generators) g.send({ type: 'report' });
    return computeResult({
      params,
      servers: set.servers.length,
      published,
      reports: await Promise.all(reportsPending),
      connectMs: first.connectMs + second.connectMs,
      readyMs: first.readyMs + second.readyMs,
      connectCpuMicros: first.cpuMicros + second.cpuMicros,
      phaseStartMs: phaseStart,
      phaseMs,
      memory: { idle, half: first.memory, after: second.memory },
      busyShareBeforeStart: quiet.busyShare,
      cpu: { before: cpuBefore, after: cpuAfter },
      serverHistograms,
    });
  } finally {
    await Promise.all([...generators, ...(publisher ? [publisher] : [])].map((c) => c.stop()));
    await Promise.all(set.servers.map((s) => s.stop('SIGTERM', { graceMs: 5000 })));
  }
}

/**
 * Has every generator connect up to `upTo[i]` clients, probes until each of
 * them received a broadcast, warms up with a few more, and reads the servers'
 * memory once quiet. The servers' CPU is read from the first attempt until ready.
 */
async function connectWave(set: ServerSet, generators: Child[], publisher: Child, upTo: number[], params: ScenarioParams): Promise<Wave> {
  const serversCpu = () => set.servers.reduce((sum, s) => sum + cpuMicros(s.pid), 0);
  const cpuBefore = serversCpu();
  const start = monotonicMs();
  const answers = generators.map((g) => g.next<ConnectedMessage>('connected', 30_000 + params.clients * 10));
  generators.forEach((g, i) => g.send({ type: 'connect', upTo: upTo[i] }));
  const connected = await Promise.all(answers);
  const connectMs = monotonicMs() - start;
  // A client is ready when a broadcast reaches it: its group membership is in place on its server.
  const probeIntervalMs = Math.max(200, params.intervalMs);
  publisher.send({ type: 'probe', intervalMs: probeIntervalMs });
  await Promise.all(generators.map((g) => g.next('joined', 30_000 + params.clients * 5)));
  const readyMs = monotonicMs() - start;
  const cpuUsed = serversCpu() - cpuBefore;
  await sleep(WARMUP_PROBES * probeIntervalMs);
  publisher.send({ type: 'quiet' });
  await sleep(params.settleMs + params.intervalMs);
  return {
    connectMs,
    readyMs,
    cpuMicros: cpuUsed,
    memory: await memoryOf(set.servers),
    failed: connected.reduce((sum, c) => sum + c.failed, 0),
    firstError: connected.find((c) => c.firstError)?.firstError,
  };
}

/** Servers' memory after a full garbage collection in each (answered by lib/child-agent.ts). */
async function memoryOf(servers: Child[]): Promise<Memory> {
  const reports = await Promise.all(
    servers.map((server) => {
      const answer = server.next<MemoryReport>('bench.memory', 30_000);
      server.send({ type: 'bench.memory' });
      return answer;
    }),
  );
  return {
    rssKB: reports.reduce((sum, r) => sum + r.rssKB, 0),
    youngKB: reports.reduce((sum, r) => sum + r.youngKB, 0),
    heapKB: reports.reduce((sum, r) => sum + r.heapUsedKB + r.externalKB, 0),
  };
}

/** Node 20 has a WebSocket client (which the lean client uses) only behind a flag; later versions have it built in. */
function clientNodeArgs(client: ClientKind): string[] {
  return client === 'lean' && typeof globalThis.WebSocket === 'undefined' ? ['--experimental-websocket'] : [];
}

/** Splits `total` into `parts` near-equal positive counts. */
function splitEvenly(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}
