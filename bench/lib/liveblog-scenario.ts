import { startChild } from './children.ts';
import type { Child } from './children.ts';
import { monotonicMs, sleep } from './clock.ts';
import { machineCpu } from './proc.ts';
import { cpuOf, idleCpuRate, machineOver } from './server-cpu.ts';
import { deliveryBetween, scrapeDeliveryHistograms } from './server-histograms.ts';
import type { ServerSet } from './servers.ts';
import { percentile, round } from './stats.ts';

/** The readers and the posting schedule, the same for every scenario of a run. */
export type LiveblogLoad = { clients: number; posts: number; intervalMs: number; generators: number; slug: string };

/** Publishes post `index` (`bench:<index>`) and resolves when the writer is done with it. */
export type Publish = (index: number) => Promise<void>;

type Followed = { type: 'followed'; connected: number; failed: number; firstError?: string };
type ReadersReport = { type: 'report'; latencies: (number | null)[]; duplicates: number; disconnects: number };

/**
 * One scenario of bench:liveblog: `load.clients` readers (bench/liveblog-clients.ts,
 * lean sockets on `/liveblog`, spread over `set.urls`) follow `load.slug`;
 * after the servers' idle CPU is read over 2 s, `publish` is called for every
 * post, one every `load.intervalMs`, then the bench waits for stragglers and
 * collects every reader's arrival times. `histograms`: also read the
 * servers' delivery histograms (a Switchyard server's /metrics).
 * Stops the readers and the servers before it returns.
 */
export async function runLiveblogScenario(name: string, set: ServerSet, load: LiveblogLoad, publish: Publish, { histograms }: { histograms: boolean }) {
  const log = (line: string) => process.stderr.write(`[bench:liveblog] ${name}: ${line}\n`);
  const { clients, posts, intervalMs, generators, slug } = load;
  const per = Math.ceil(clients / generators);
  const children: Child[] = [];
  for (let g = 0; g < generators && g * per < clients; g++) {
    const generatorConfig = { urls: set.urls, clients: Math.min(per, clients - g * per), posts, slug, concurrency: 50, timeoutMs: 30_000 };
    const nodeArgs = ['--experimental-websocket', '--no-warnings'];
    children.push(startChild({ name: `${name}-readers-${g + 1}`, module: 'bench/liveblog-clients.ts', args: [JSON.stringify(generatorConfig)], nodeArgs }));
  }
  const followed = await Promise.all(children.map((child) => child.next<Followed>('followed', 30_000 + clients * 20)));
  const following = followed.reduce((sum, f) => sum + f.connected, 0);
  const firstError = followed.find((f) => f.firstError)?.firstError;
  log(`${following} of ${clients} readers follow ${slug} on ${set.urls.length} server(s)${firstError ? ` (first error: ${firstError})` : ''}`);
  await sleep(500);

  const histogramsBefore = histograms ? await scrapeDeliveryHistograms(set.urls) : undefined;
  // The servers' idle CPU (timers, heartbeats, a relay's polling), read over 2 s before posting, is taken out of the `LessIdle` figures.
  const idleUsPerMs = await idleCpuRate(set.servers);
  const returnedAt: number[] = [];
  const createMs: number[] = [];
  let writerCpuUs = 0;
  const [serversCpu0, postingAt0, readersCpu0, benchCpu0, machine0] = [cpuOf(set.servers), monotonicMs(), cpuOf(children), process.cpuUsage(), machineCpu()];
  for (let i = 0; i < posts; i++) {
    const start = monotonicMs();
    const cpu = process.cpuUsage();
    await publish(i);
    const used = process.cpuUsage(cpu);
    writerCpuUs += used.user + used.system;
    returnedAt.push(monotonicMs());
    createMs.push(returnedAt[i]! - start);
    await sleep(intervalMs);
  }
  await sleep(Math.max(2000, clients / 5));
  const serversCpuUs = cpuOf(set.servers) - serversCpu0;
  const serversIdleUs = idleUsPerMs * (monotonicMs() - postingAt0);
  const benchCpu = process.cpuUsage(benchCpu0);
  const machine = machineOver(machine0, machineCpu(), serversCpuUs + cpuOf(children) - readersCpu0 + benchCpu.user + benchCpu.system);
  const reports = await Promise.all(
    children.map((child) => {
      child.send({ type: 'report', returnedAt });
      return child.next<ReadersReport>('report', 60_000);
    }),
  );
  const all: number[] = [];
  const lastPerPost = new Array<number>(posts).fill(0);
  let lost = 0;
  // Readers that never followed count as lost deliveries too (NaN slots).
  for (const report of reports) {
    report.latencies.forEach((latency, slot) => {
      if (latency === null || Number.isNaN(latency)) return void (lost += 1);
      all.push(latency);
      lastPerPost[slot % posts] = Math.max(lastPerPost[slot % posts]!, latency);
    });
  }
  const serverHistogramsMs = histogramsBefore ? deliveryBetween(histogramsBefore, await scrapeDeliveryHistograms(set.urls)) : null;
  await Promise.all([...children, ...set.servers].map((child) => child.stop()));
  const p = (values: number[], q: number) => round(percentile(values, q), 1);
  const delivered = Math.max(1, all.length);
  return {
    interfaceServers: set.servers.length,
    following,
    deliveries: { expected: clients * posts, received: all.length, lost, duplicates: reports.reduce((s, r) => s + r.duplicates, 0), disconnects: reports.reduce((s, r) => s + r.disconnects, 0) },
    createMs: { p50: p(createMs, 50), p99: p(createMs, 99), max: p(createMs, 100) },
    latencyMs: { p50: p(all, 50), p90: p(all, 90), p99: p(all, 99), max: p(all, 100) },
    lastReaderMs: { p50: p(lastPerPost, 50), p99: p(lastPerPost, 99), max: p(lastPerPost, 100) },
    serverHistogramsMs,
    // The writer's CPU (this process) from `publish` to its return, and the servers' over the whole posting phase
    // (with Switchyard: the relay, its publish, and delivering to the readers); `serversLessIdle` without their idle CPU.
    cpuMsPerPost: {
      writer: round(writerCpuUs / posts / 1000, 3),
      servers: round(serversCpuUs / posts / 1000, 3),
      serversLessIdle: round((serversCpuUs - serversIdleUs) / posts / 1000, 3),
    },
    // The same servers' CPU per delivery received: the figure compared with the bare server's.
    cpu: {
      serversMs: Math.round(serversCpuUs / 1000),
      serversIdleMsPerS: round(idleUsPerMs, 2),
      serverPerDeliveryUs: round(serversCpuUs / delivered, 2),
      serverPerDeliveryLessIdleUs: round((serversCpuUs - serversIdleUs) / delivered, 2),
      // Beside the servers, the readers and this process: PostgreSQL and Redis (Switchyard's), the kernel, anyone else.
      ...machine,
    },
  };
}

/** What one scenario of bench:liveblog measured. */
export type LiveblogFigures = Awaited<ReturnType<typeof runLiveblogScenario>>;
