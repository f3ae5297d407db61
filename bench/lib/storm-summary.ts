import type { StormRecord, WaitedFor } from './storm-reader.ts';
import type { countersBetween } from './storm-counters.ts';
import type { StormReadersReport } from '../storm-readers.ts';
import { percentile, round } from './stats.ts';

type Window = ReturnType<typeof countersBetween>;

/** What bench:reconnect-storm measured, before it is summed up. */
export type StormRun = {
  params: Record<string, unknown>;
  machine: object;
  reports: StormReadersReport[];
  killedAt: number;
  /** From the kill until the last reader caught up (or the bench gave up). */
  stormMs: number;
  /** Readers that were on the killed server. */
  expectedLost: number;
  posts: number;
  counters: { storm: Window; baseline: Window };
  pgConnections: { open: number; active: number; samples: number; everyMs: number };
};

/** The target of issue 17: 5,000 readers of a killed server all caught up within 5 s, none losing or repeating a post. */
export const STORM_TARGET = { readersOfKilledServer: 5000, allCaughtUpMs: 5000 } as const;

const BUCKET_MS = 250;

/** Counts of `values` (ms) per 250 ms after the kill: "0-250": n, … */
function histogram(values: number[]): Record<string, number> {
  const buckets = new Map<number, number>();
  for (const value of values) buckets.set(Math.floor(value / BUCKET_MS), (buckets.get(Math.floor(value / BUCKET_MS)) ?? 0) + 1);
  return Object.fromEntries([...buckets].sort((a, b) => a[0] - b[0]).map(([b, n]) => [`${b * BUCKET_MS}-${(b + 1) * BUCKET_MS}`, n]));
}

function spread(values: number[]) {
  const p = (q: number) => (values.length > 0 ? round(percentile(values, q), 0) : null);
  return { count: values.length, p10: p(10), p50: p(50), p90: p(90), p99: p(99), max: p(100) };
}

/** The storm's figures less what the same time costs without a storm (the baseline's rate), per reader that reconnected within the window. */
function perReader(storm: Window, baseline: Window, readers: number) {
  const extra = (during: number, before: number) => round((during - (before / baseline.seconds) * storm.seconds) / Math.max(1, readers), 2);
  return {
    survivorCpuMs: extra(storm.cpuMs.survivor ?? 0, baseline.cpuMs.survivor ?? 0),
    postgresCpuMs: extra(storm.cpuMs.postgres, baseline.cpuMs.postgres),
    postgresTransactions: extra(storm.postgres.transactions, baseline.postgres.transactions),
    postgresRowsReturned: extra(storm.postgres.rowsReturned, baseline.postgres.rowsReturned),
    redisCommands: extra(storm.redisCommands.total, baseline.redisCommands.total),
  };
}

/** The bench's JSON: the reconnect spread, the catch-up times, what the storm cost, exactness, and the target. */
export function stormSummary(run: StormRun) {
  const records: StormRecord[] = run.reports.flatMap((r) => r.records);
  const since = (at: number | null) => (at === null ? [] : [at - run.killedAt]);
  const reconnected = records.flatMap((r) => since(r.reconnectedAt));
  const caughtUp = records.flatMap((r) => since(r.caughtUpAt));
  const allCaughtUp = records.length >= run.expectedLost && caughtUp.length === records.length;
  const allCaughtUpMs = allCaughtUp ? round(Math.max(...caughtUp), 0) : null;
  const attempts: Record<string, number> = {};
  const refused: Record<string, number> = {};
  const timedOut: Record<string, number> = {};
  const failed: Record<string, number> = {};
  for (const record of records) {
    const key = record.attempts >= 4 ? '4+' : String(record.attempts);
    attempts[key] = (attempts[key] ?? 0) + 1;
    for (const [code, n] of Object.entries(record.refused)) refused[code] = (refused[code] ?? 0) + n;
    for (const [stage, n] of Object.entries(record.timedOut)) timedOut[stage] = (timedOut[stage] ?? 0) + (n ?? 0);
    for (const [reason, n] of Object.entries(record.failed)) failed[reason] = (failed[reason] ?? 0) + n;
  }
  const connectedIn = (stage: WaitedFor) => spread(records.flatMap((r) => (r.connectedIn && Number.isFinite(r.connectedIn[stage]) ? [r.connectedIn[stage]] : [])));
  const sum = (pick: (r: StormReadersReport) => number) => run.reports.reduce((total, r) => total + pick(r), 0);
  const [lost, duplicated, readers] = [sum((r) => r.lost), sum((r) => r.duplicated), sum((r) => r.readers)];
  const { storm, baseline } = run.counters;
  return {
    bench: 'reconnect-storm',
    startedAt: new Date().toISOString(),
    params: run.params,
    machine: run.machine,
    readers,
    readersOfKilledServer: records.length,
    posts: run.posts,
    /** From the kill until every reader of the killed server had its catch-up applied (null: not all did). */
    allCaughtUpMs,
    reconnectMs: { ...spread(reconnected), histogram: histogram(reconnected) },
    caughtUpMs: { ...spread(caughtUp), histogram: histogram(caughtUp) },
    attempts,
    refused,
    /** Attempts that hit the 20 s connect timeout, by what they were waiting for (StormRecord.timedOut). */
    timedOutWaitingFor: timedOut,
    /** Other attempts that ended before connecting, by how (the killed server's address refuses at once). */
    failedAttempts: failed,
    /** The attempts that connected: ms from their start to the WebSocket open, Engine.IO's open and the namespace's connect. */
    connectedInMs: { websocket: connectedIn('websocket'), engine: connectedIn('engine'), namespace: connectedIn('namespace') },
    exactness: { complete: sum((r) => r.complete), following: sum((r) => r.following), lost, duplicated, firstError: run.reports.find((r) => r.firstError)?.firstError ?? null },
    storm: { ...storm, postgresConnections: run.pgConnections },
    baseline,
    perReconnectedReader: perReader(storm, baseline, reconnected.filter((ms) => ms <= run.stormMs).length),
    target: {
      ...STORM_TARGET,
      applies: records.length >= STORM_TARGET.readersOfKilledServer,
      met: allCaughtUpMs !== null && allCaughtUpMs <= STORM_TARGET.allCaughtUpMs && lost === 0 && duplicated === 0,
    },
    errors: allCaughtUp ? [] : [`${caughtUp.length} of ${records.length} readers of the killed server caught up within ${round(run.stormMs, 0)} ms`],
  };
}
