import type { ChatReport, ChatRun } from './chat-scenario.ts';
import { machineOver } from './server-cpu.ts';
import { histogramPercentile, merge, round } from './stats.ts';
import type { Histogram } from './stats.ts';

/**
 * One scenario of bench:chat summed up over its generators: latency (send →
 * each member of the room), messages, deliveries expected and made, lost,
 * leaked (delivered to a client of another room), duplicates, and CPU over
 * the sending phase per message and per delivery.
 */
export function summarizeChat(run: ChatRun, rooms: number) {
  const { reports, roomSize, cpu } = run;
  const histogram: Histogram = new Map();
  const delivered = new Map<string, number>();
  const total = (key: keyof ChatReport['counts']) => reports.reduce((sum, r) => sum + r.counts[key], 0);
  for (const report of reports) {
    merge(histogram, report.histogram);
    for (const [key, count] of report.deliveries) delivered.set(key, (delivered.get(key) ?? 0) + count);
  }
  let expected = 0;
  let lost = 0;
  for (const key of reports.flatMap((r) => r.acked)) {
    const want = roomSize.get(Number(key.split(':')[0]) % rooms) ?? 0;
    expected += want;
    lost += Math.max(0, want - (delivered.get(key) ?? 0));
  }
  const latency = { p50: histogramPercentile(histogram, 50), p90: histogramPercentile(histogram, 90), p99: histogramPercentile(histogram, 99), max: histogramPercentile(histogram, 100) };
  const serversLessIdle = cpu.servers - cpu.serversIdleUsPerMs * cpu.phaseMs;
  return {
    latencyMs: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, round(v, 1)])) as typeof latency,
    messages: { sent: total('sent'), acked: total('acked'), refused: total('refused'), unacked: total('unacked'), refusals: Object.fromEntries(reports.flatMap((r) => r.refusals)) },
    deliveries: { expected, delivered: [...delivered.values()].reduce((a, b) => a + b, 0) },
    // CPU during the sending phase (+3 s drain): what the servers and generators used, and how busy the whole machine was.
    cpu: {
      serversMs: Math.round(cpu.servers / 1000),
      serversIdleMsPerS: round(cpu.serversIdleUsPerMs, 2),
      serverPerMessageUs: Math.round(cpu.servers / Math.max(1, total('acked'))),
      serverPerDeliveryUs: round(cpu.servers / Math.max(1, expected), 1),
      serverPerDeliveryLessIdleUs: round(serversLessIdle / Math.max(1, expected), 1),
      generatorsMs: Math.round(cpu.generators / 1000),
      ...machineOver(cpu.machine[0], cpu.machine[1], cpu.servers + cpu.generators),
    },
    joinFailures: total('joinFailures'),
    lost,
    leaked: total('leaked'),
    duplicates: total('duplicates'),
    serverHistogramsMs: run.serverHistogramsMs,
  };
}

/** What one scenario of bench:chat measured. */
export type ChatFigures = ReturnType<typeof summarizeChat>;
