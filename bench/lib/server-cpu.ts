import { monotonicMs, sleep } from './clock.ts';
import { cpuMicros } from './proc.ts';

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
