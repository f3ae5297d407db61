import type { BatchResult } from './jobs-batch.ts';
import type { ChatPhase } from './jobs-chat-probe.ts';
import type { PhaseLoad } from './jobs-phase.ts';
import type { RoundTrips } from './jobs-round-trip.ts';
import { round } from './lib/stats.ts';

/** The targets of bench:jobs. */
const TARGETS = { roundTripP50Ms: 10, throughputRatio: 1.7, saturatedEventLoopP99Ms: 20 };

/** A phase's result and what the machine went through meanwhile (see jobs-phase.ts). */
type Measured<T> = { result: T; load: PhaseLoad };

type Batches = [Measured<BatchResult>, Measured<BatchResult>];

/** Everything bench:jobs measured, section by section. */
export type JobsMeasurements = {
  reportRender: Measured<RoundTrips>;
  bigdataUpload: Measured<RoundTrips>;
  /** (b) Each kind of batch ran twice, in the order one, two, two, one worker process(es), with nothing else running. */
  batch: { rows: number; csvBytes: number; oneWorker: Batches; saturated: Batches };
  /** (c) With the chat probe running: workers idle, then a third two-process batch. */
  idle: Measured<void>;
  saturatedWithChat: Measured<BatchResult>;
  chat: Record<string, ChatPhase>;
};

/** The three sections of the result, each with its target and whether it was met. */
export function jobsReport(m: JobsMeasurements) {
  const { oneWorker, saturated } = m.batch;
  const one = pooled(oneWorker);
  const two = pooled(saturated);
  const throughputRatio = ratio(two.jobsPerSecond, one.jobsPerSecond);
  // Every phase with two worker processes busy; the worst counts.
  const saturatedPhases = [...saturated, m.saturatedWithChat];
  const saturatedEventLoopP99Ms = Math.max(...saturatedPhases.map(({ load }) => load.eventLoop.p99Ms));
  const { idle: chatIdle, saturatedWithChat: chatSaturated } = m.chat;
  const withChat = batchFigures(m.saturatedWithChat);
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
      oneProcess: { ...one, batches: oneWorker.map(batchFigures) },
      twoProcesses: { ...two, batches: saturated.map(batchFigures) },
      ratio: throughputRatio,
      // (c)'s batch: two processes while the chat probe keeps the interface server busy, against the same one-process batches.
      twoProcessesWithChat: { ...withChat, ratio: ratio(withChat.jobsPerSecond, one.jobsPerSecond) },
      target: { ratioAtLeast: TARGETS.throughputRatio },
      met: throughputRatio !== null && throughputRatio >= TARGETS.throughputRatio,
      disturbed: [...oneWorker, ...saturated].some(({ load }) => load.disturbed),
    },
    interfaceServer: {
      phases: {
        oneWorker: oneWorker[0].load,
        saturated: saturated[0].load,
        saturatedAgain: saturated[1].load,
        idle: m.idle.load,
        saturatedWithChat: m.saturatedWithChat.load,
        oneWorkerAgain: oneWorker[1].load,
      },
      chat: m.chat,
      chatRatio: { p50: ratio(chatSaturated?.p50Ms, chatIdle?.p50Ms), p99: ratio(chatSaturated?.p99Ms, chatIdle?.p99Ms) },
      target: { saturatedEventLoopP99AtMostMs: TARGETS.saturatedEventLoopP99Ms, chat: 'no numeric target: idle vs saturated, and their ratio' },
      saturatedEventLoopP99Ms,
      met: saturatedEventLoopP99Ms <= TARGETS.saturatedEventLoopP99Ms,
      disturbed: m.idle.load.disturbed || saturatedPhases.some(({ load }) => load.disturbed),
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

/** CPU seconds the worker processes used during a batch. */
function workerSeconds(load: PhaseLoad): number {
  return Object.entries(load.cpuSeconds).reduce((sum, [who, s]) => (who.startsWith('worker-') ? sum + s : sum), 0);
}

/** One batch: its throughput, the CPU the workers got (in cores) and what one job cost them. */
function batchFigures({ result, load }: Measured<BatchResult>) {
  const seconds = workerSeconds(load);
  return { ...result, workerCores: round(seconds / load.seconds), workerCpuSecondsPerJob: round(seconds / result.jobs, 3), machineBusyShare: load.machineBusyShare };
}

/** Both batches of a kind as one: their jobs over their time, and the workers' CPU over both. */
function pooled(batches: Batches) {
  const jobs = batches.reduce((sum, { result }) => sum + result.jobs, 0);
  const seconds = batches.reduce((sum, { result }) => sum + result.seconds, 0);
  const phaseSeconds = batches.reduce((sum, { load }) => sum + load.seconds, 0);
  const cpu = batches.reduce((sum, { load }) => sum + workerSeconds(load), 0);
  return { jobs, seconds: round(seconds, 3), jobsPerSecond: round(jobs / seconds, 3), workerCores: round(cpu / phaseSeconds), workerCpuSecondsPerJob: round(cpu / jobs, 3) };
}
