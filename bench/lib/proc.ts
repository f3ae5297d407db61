import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { childrenOf } from '../../server/testing/child-processes.ts';

/**
 * Reads what the kernel knows about processes (Linux /proc): CPU time,
 * machine-wide CPU use and the open-file limit. Reading another
 * process's numbers this way needs nothing from that process.
 */

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc CPU counters (`getconf CLK_TCK`, usually 100). */
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/**
 * CPU time (all threads) a process has used so far, in µs; 0 when it is gone.
 * Read from the scheduler's per-thread run time (/proc/<pid>/task/<tid>/schedstat,
 * nanoseconds) rather than /proc/<pid>/stat's user + system ticks, which move
 * in 10 ms steps: an idle server uses a few ms per second, below what ticks
 * resolve over a short window. Threads that ended are not counted, so a
 * difference of two readings holds for processes whose threads live as long
 * as the window (an interface server's); falls back to ticks without schedstat.
 */
export function cpuMicros(pid: number): number {
  const precise = schedstatMicros(pid);
  if (precise !== undefined) return precise;
  const fields = statFields(pid);
  return fields ? ticksToMicros(Number(fields[11]) + Number(fields[12])) : 0;
}

function schedstatMicros(pid: number): number | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let nanos = 0;
  for (const tid of tids) nanos += threadRunNanos(pid, tid);
  return Number.isFinite(nanos) ? nanos / 1000 : undefined;
}

/** A thread's run time so far (ns); 0 for a thread that ended meanwhile. */
function threadRunNanos(pid: number, tid: string): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

/**
 * CPU time (µs) of a process and all its descendants so far: its own, its
 * ended children's (counted once the kernel has reaped them) and its running
 * children's (e.g. a worker process and its job processes).
 */
export function cpuMicrosOfTree(pid: number): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  const own = ticksToMicros(Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
  return childrenOf(pid).reduce((sum, child) => sum + cpuMicrosOfTree(child), own);
}

// Fields after the parenthesised command name (which may contain spaces):
// state is field 3, utime/stime fields 14/15, cutime/cstime (reaped children) 16/17.
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function ticksToMicros(ticks: number): number {
  return (ticks * 1e6) / clockTicks();
}

/** Machine-wide CPU time since boot, in µs summed over all cores: busy, and busy + idle. */
export type MachineCpu = { busy: number; total: number };

/** Reads the machine's CPU counters (first line of /proc/stat). */
export function machineCpu(): MachineCpu {
  const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const ticks = values.slice(0, 8).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const micros = (t: number) => (t * 1e6) / clockTicks();
  return { busy: micros(total - idle), total: micros(total) };
}

/** Share of the machine's CPU capacity that was busy between two readings (0–1). */
export function busyShare(before: MachineCpu, after: MachineCpu): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/**
 * Waits, at most `maxWaitMs`, for a second in which at most `share` of the
 * machine's CPU was busy: the machine may be shared with other work, which
 * would distort latency. Returns whether it got quiet and the last share seen.
 */
export async function waitForQuiet(share: number, maxWaitMs: number): Promise<{ quiet: boolean; busyShare: number }> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const before = machineCpu();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const busy = busyShare(before, machineCpu());
    if (busy <= share || Date.now() >= deadline) return { quiet: busy <= share, busyShare: busy };
  }
}

/** This process's soft limit on open files (children inherit it). */
export function openFileLimit(): number {
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !match || match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

/**
 * CPU time (µs) used so far by each running process whose command name is
 * one of `names` (e.g. `postgres`, `redis-server`: shared services), by pid.
 * Compare two readings with `cpuMicrosBetween`.
 */
export function cpuMicrosOfCommands(names: readonly string[]): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    if (names.includes(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) byPid.set(Number(entry), cpuMicros(Number(entry)));
  }
  return byPid;
}

/** CPU time (µs) the processes used between two readings; one that started meanwhile counts whole, one that exited is left out. */
export function cpuMicrosBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, micros] of after) {
    const earlier = before.get(pid);
    total += micros - (earlier ?? 0); // a process that started meanwhile (a new PostgreSQL backend) counts whole
  }
  return total;
}
