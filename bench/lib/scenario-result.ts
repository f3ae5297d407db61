import type { GeneratorReport, PublishedMessage } from './messages.ts';
import type { MachineCpu } from './proc.ts';
import type { ScenarioParams } from './scenario-params.ts';
import { histogramPercentile, merge, percentile, round } from './stats.ts';
import type { Histogram } from './stats.ts';
import type { ServerDelivery } from './server-histograms.ts';

// Other work above this share of one core during the broadcast phase makes latencies doubtful.
const NOISY_CORE_SHARE = 0.25;
// A generator busier than this may itself be delaying deliveries.
const SATURATED_CORE_SHARE = 0.8;

/** CPU µs used so far by each process of a scenario, and by the whole machine. */
export type CpuTime = { servers: number[]; generators: number[]; publisher: number; machine: MachineCpu };

/** Servers' total memory after a full garbage collection: resident, V8's young generation, and V8 heap + external. */
export type Memory = { rssKB: number; youngKB: number; heapKB: number };

/** What a scenario measured, before it is reduced to figures. */
export type ScenarioMeasurements = {
  params: ScenarioParams;
  servers: number;
  published: PublishedMessage;
  reports: GeneratorReport[];
  /** Time from each wave's first connection attempt until all of its clients connected, summed over both waves, ms. */
  connectMs: number;
  /** Likewise until a probe broadcast reached every client of the wave, ms. */
  readyMs: number;
  /** Servers' CPU time while connecting every client and until every one was ready. */
  connectCpuMicros: number;
  /** When the broadcast phase started, on the machine's monotonic clock (lib/clock.ts), ms. */
  phaseStartMs: number;
  /** From the first measured send until the last delivery (or the give-up time), ms. */
  phaseMs: number;
  /** Servers' memory before any client connected, with half of them, and with all of them idle in the group. */
  memory: { idle: Memory; half: Memory; after: Memory };
  /** Share of the machine busy (with other work) just before the broadcast phase. */
  busyShareBeforeStart: number;
  /** CPU time at the start and end of the broadcast phase. */
  cpu: { before: CpuTime; after: CpuTime };
  /** The servers' own delivery histograms over the broadcast phase (none for the bare server). */
  serverHistograms: Record<string, ServerDelivery>;
};

/** One scenario's figures, as printed. Latencies in ms, CPU per delivery in µs, shares of one core (0–1). */
export type ScenarioResult = ReturnType<typeof computeResult>;

/** Reduces a scenario's measurements to the printed figures. */
export function computeResult(m: ScenarioMeasurements) {
  const { clients, broadcasts } = m.params;
  const count = new Array<number>(broadcasts).fill(0);
  const last = new Array<number>(broadcasts).fill(Number.NaN);
  const first = new Array<number>(broadcasts).fill(Number.NaN);
  const histogram: Histogram = new Map();
  for (const report of m.reports) {
    for (let i = 0; i < broadcasts; i += 1) {
      count[i] = (count[i] as number) + (report.count[i] ?? 0);
      // NaN (sent as null) means this generator got none of broadcast i.
      const reportLast = report.lastLatencyMs[i] ?? Number.NaN;
      const reportFirst = report.firstLatencyMs[i] ?? Number.NaN;
      if (!(reportLast <= (last[i] as number))) last[i] = reportLast;
      if (!(reportFirst >= (first[i] as number))) first[i] = reportFirst;
    }
    merge(histogram, report.histogram);
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const reached = last.filter((value) => Number.isFinite(value));
  const delivered = sum(m.reports.map((r) => r.received));
  const expected = clients * broadcasts;
  const perDelivery = (micros: number) => (delivered > 0 ? round(micros / delivered) : null);
  const coreShare = (micros: number) => round(micros / 1000 / m.phaseMs, 3);
  const { before, after } = m.cpu;
  const servers = after.servers.map((micros, i) => micros - (before.servers[i] as number));
  const generators = after.generators.map((micros, i) => micros - (before.generators[i] as number));
  const serverCpu = sum(servers);
  const generatorCpu = sum(generators);
  const publisherCpu = after.publisher - before.publisher;
  const machineBusy = after.machine.busy - before.machine.busy;
  const secondHalf = sum(m.reports.map((r) => r.clients - Math.ceil(r.clients / 2)));
  const perSecondHalf = (kb: number) => round(kb / secondHalf);
  const otherCpu = machineBusy - serverCpu - generatorCpu - publisherCpu;
  const disturbed = otherCpu / 1000 > NOISY_CORE_SHARE * m.phaseMs;
  const warnings = [
    ...(disturbed
      ? [
          `other work used ${round(otherCpu / 1e6, 1)} s of CPU during the ${round(m.phaseMs / 1000, 1)} s broadcast phase: ` +
            'latencies are likely inflated; rerun on a quiet machine',
        ]
      : []),
    ...(coreShare(Math.max(...generators)) > SATURATED_CORE_SHARE ? ['a client generator was near one full core: use more --generators'] : []),
  ];

  return {
    serverProcesses: m.servers,
    generatorProcesses: m.reports.length,
    clients,
    connectMs: round(m.connectMs, 0),
    readyMs: round(m.readyMs, 0),
    /** Servers' CPU per connection set up (handshake, middleware, joining the group; includes the first probe or two). */
    connectCpuPerConnectionUs: round(m.connectCpuMicros / clients, 0),
    connectFailures: sum(m.reports.map((r) => r.connectFailures)),
    disconnects: sum(m.reports.map((r) => r.disconnects)),
    /** Fan-out latency to the last client of each broadcast, over broadcasts. */
    latencyMs: { p50: round(percentile(reached, 50)), p99: round(percentile(reached, 99)), max: round(percentile(reached, 100)) },
    /** Latency to the first client of each broadcast, median over broadcasts. */
    firstClientLatencyMsP50: round(percentile(first.filter((v) => Number.isFinite(v)), 50)),
    /** Latency of every single delivery. */
    deliveryLatencyMs: { p50: round(histogramPercentile(histogram, 50), 1), p99: round(histogramPercentile(histogram, 99), 1) },
    /** The servers' /metrics over the same phase, per series: publish → emit as they measured it, beside the clients' figures above. */
    serverHistogramsMs: m.serverHistograms,
    broadcastsSent: m.published.sent,
    expectedDeliveries: expected,
    delivered,
    lost: expected - delivered,
    duplicates: sum(m.reports.map((r) => r.duplicates)),
    broadcastPhaseMs: round(m.phaseMs, 0),
    /** The broadcast phase on the monotonic clock (CLOCK_MONOTONIC, ms), e.g. to cut --cpu-prof profiles to it. */
    broadcastPhaseWindow: { startMs: round(m.phaseStartMs, 1), endMs: round(m.phaseStartMs + m.phaseMs, 1) },
    deliveriesPerSec: round(delivered / (m.phaseMs / 1000), 0),
    /**
     * Servers' memory after a full GC: with no clients, half and all of them
     * idle in the group. Per connection: the growth over the second half, RSS
     * without the young generation (a per-process reserve of up to 32 MB).
     */
    memory: {
      serversRssIdleMB: round(m.memory.idle.rssKB / 1024, 1),
      serversRssHalfMB: round(m.memory.half.rssKB / 1024, 1),
      serversRssAfterMB: round(m.memory.after.rssKB / 1024, 1),
      rssPerConnectionKB: perSecondHalf(m.memory.after.rssKB - m.memory.after.youngKB - (m.memory.half.rssKB - m.memory.half.youngKB)),
      heapPerConnectionKB: perSecondHalf(m.memory.after.heapKB - m.memory.half.heapKB),
    },
    /** CPU time over the broadcast phase. Core shares: CPU time / phase time of the busiest process of its kind. */
    cpu: {
      serverMs: round(serverCpu / 1000, 0),
      serverPerDeliveryUs: perDelivery(serverCpu),
      serverBusiestCoreShare: coreShare(Math.max(...servers)),
      generatorMs: round(generatorCpu / 1000, 0),
      generatorPerDeliveryUs: perDelivery(generatorCpu),
      generatorBusiestCoreShare: coreShare(Math.max(...generators)),
      publisherMs: round(publisherCpu / 1000, 0),
      /** Everything else the machine did meanwhile: Redis, the kernel, other work on the machine. */
      otherMs: round((machineBusy - serverCpu - generatorCpu - publisherCpu) / 1000, 0),
      machineBusyShare: round(machineBusy / (after.machine.total - before.machine.total), 3),
      machineBusyShareBeforeStart: round(m.busyShareBeforeStart, 3),
    },
    /** True when other work on the machine took more than a quarter core during the broadcast phase. */
    disturbed,
    /** Conditions that make this scenario's figures doubtful. */
    warnings,
  };
}
