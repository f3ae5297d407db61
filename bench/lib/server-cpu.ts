import { monotonicMs, sleep } from './clock.ts';
import { busyShare, cpuMicros } from './proc.ts';
import type { MachineCpu } from './proc.ts';
import { round } from './stats.ts';

/** CPU time (µs) the processes have used so far, summed (lib/proc.ts `cpuMicros`). */
export function cpuOf(processes: readonly { pid: number }[]): number {
  return processes.reduce((sum, child) => sum + cpuMicros(child.pid), 0);
}

/**
 * The processes' CPU rate while nothing is sent, in µs per ms of wall time,
 * read over `ms` (default 2 s): timers, heartbeats, a relay's polling. A
 * bench takes it out of a phase's CPU as `rate × the phase's duration`.
 */
export async function idleCpuRate(processes: readonly { pid: number }[], ms = 2000): Promise<number> {
  const [before, startedAt] = [cpuOf(processes), monotonicMs()];
  await sleep(ms);
  return (cpuOf(processes) - before) / (monotonicMs() - startedAt);
}

/**
 * The whole machine over a phase: the share of its CPU that was busy, and
 * the CPU (ms) that none of the processes the bench measured (`measuredUs`)
 * used: PostgreSQL, Redis, the kernel, and anyone else's work, which makes a
 * phase's figures less Switchyard's alone.
 */
export function machineOver(before: MachineCpu, after: MachineCpu, measuredUs: number) {
  return { machineBusyShare: round(busyShare(before, after), 3), otherWorkMs: Math.round(Math.max(0, after.busy - before.busy - measuredUs) / 1000) };
}
