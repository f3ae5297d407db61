import type { BatchResult } from './jobs-batch.ts';
import type { ChatPhase } from './jobs-chat-probe.ts';
import type { PhaseLoad } from './jobs-phase.ts';
import type { RoundTrips } from './jobs-round-trip.ts';
import { round } from './lib/stats.ts';

/** The targets of bench:jobs. */
const TARGETS = { roundTripP50Ms: 10, throughputRatio: 1.7, saturatedEventLoopP99Ms: 20 };

/** A phase's result and what the machine went through meanwhile (see jobs-phase.ts). */
type Measured<T> = { result: T; load: PhaseLoad };

/** Everything bench:jobs measured, section by section. */
export type JobsMeasurements = {
  reportRender: Measured<RoundTrips>;
  bigdataUpload: Measured<RoundTrips>;
  batch: { rows: number; csvBytes: number; oneWorker: Measured<BatchResult>; saturated: Measured<BatchResult> };
  idle: Measured<void>;
  chat: Record<string, ChatPhase>;
};

/** The three sections of the result, each with its target and whether it was met. */
export function jobsReport(m: JobsMeasurements) {
  const { oneWorker, saturated } = m.batch;
  const throughputRatio = ratio(saturated.result.jobsPerSecond, oneWorker.result.jobsPerSecond);
  const { idle: chatIdle, saturated: chatSaturated } = m.chat;
  return {
    roundTrip: {
      reportRender: { path: 'report.request on /jobs (socket.io-client) → report.render worker → job.completed on the reply channel', ...trips(m.reportRender) },
      bigdataUpload: { path: 'POST /api/jobs/bigdata (2-row CSV, x-reply-token) → bigdata.process worker → job.completed', ...trips(m.bigdataUpload) },
      target: { reportRenderP50AtMostMs: TARGETS.roundTripP50Ms },
      met: m.reportRender.result.latencyMs.p50 <= TARGETS.roundTripP50Ms,
      disturbed: m.reportRender.load.disturbed,
    },
    throughput: {
      rows: m.batch.rows,
      csvBytes: m.batch.csvBytes,
      oneProcess: { ...oneWorker.result, ...workerShare(oneWorker) },
      twoProcesses: { ...saturated.result, ...workerShare(saturated) },
      ratio: throughputRatio,
      target: { ratioAtLeast: TARGETS.throughputRatio },
      met: throughputRatio !== null && throughputRatio >= TARGETS.throughputRatio,
      disturbed: oneWorker.load.disturbed || saturated.load.disturbed,
    },
    interfaceServer: {
      phases: { idle: m.idle.load, oneWorker: oneWorker.load, saturated: saturated.load },
      chat: m.chat,
      chatRatio: { p50: ratio(chatSaturated?.p50Ms, chatIdle?.p50Ms), p99: ratio(chatSaturated?.p99Ms, chatIdle?.p99Ms) },
      target: { saturatedEventLoopP99AtMostMs: TARGETS.saturatedEventLoopP99Ms, chat: 'no numeric target: idle vs saturated, and their ratio' },
      met: saturated.load.eventLoop.p99Ms <= TARGETS.saturatedEventLoopP99Ms,
      disturbed: m.idle.load.disturbed || saturated.load.disturbed,
    },
  };
}

function ratio(a: number | undefined, b: number | undefined): number | null {
  return a && b ? round(a / b) : null;
}

/** Round-trip figures with the CPU time each party spent per job, and the machine's state. */
function trips({ result, load }: Measured<RoundTrips>) {
  const cpuMsPerJob = Object.fromEntries(Object.entries(load.cpuSeconds).map(([who, seconds]) => [who, round((seconds * 1000) / result.jobs)]));
  return { ...result, cpuMsPerJob, machineBusyShare: load.machineBusyShare };
}

/** How much CPU the worker processes got during a batch (in cores), and what one job cost them. */
function workerShare({ result, load }: Measured<BatchResult>) {
  const seconds = Object.entries(load.cpuSeconds).reduce((sum, [who, s]) => (who.startsWith('worker-') ? sum + s : sum), 0);
  return { workerCores: round(seconds / load.seconds), workerCpuSecondsPerJob: round(seconds / result.jobs, 3), machineBusyShare: load.machineBusyShare };
}
