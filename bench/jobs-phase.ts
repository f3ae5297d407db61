import type { Child } from './lib/children.ts';
import { monotonicMs } from './lib/clock.ts';
import { EVENT_LOOP_SAMPLING_MS, scrapeEventLoopLag } from './lib/event-loop-lag.ts';
import type { EventLoopLag } from './lib/event-loop-lag.ts';
import { busyShare, cpuMicrosBetween, cpuMicrosOfTree, cpuMicrosOfCommands, machineCpu, waitForQuiet } from './lib/proc.ts';
import { round } from './lib/stats.ts';

// Before a phase, wait (a bounded time) until other work leaves at least 3/4 of the machine;
// a phase during which work that is not the bench's took more than a quarter core is disturbed.
const QUIET_BUSY_SHARE = 0.25;
const QUIET_WAIT_MS = 10_000;
const DISTURBED_CORES = 0.25;
// The services the bench uses (shared with anyone else on the machine), by the name their processes run under.
const SERVICES = { postgres: 'postgres', redis: 'redis-server' } as const;

/** What the interface server and the machine went through during one phase. */
export type PhaseLoad = {
  seconds: number;
  /** The server's event-loop delay as /metrics exports it, and its p99 minus the sampling interval. */
  eventLoop: EventLoopLag & { delayP99Ms: number };
  /** Share of both cores busy in the second before the phase (after waiting for quiet), and during it. */
  machineBusyShare: { before: number; during: number };
  /**
   * CPU seconds used by each process of the bench (a worker's job processes included),
   * by PostgreSQL (`postgres`, every backend) and Redis (`redis`), and by everything else (`other`).
   */
  cpuSeconds: Record<string, number>;
  /** Work outside the bench and its services took more than a quarter core: the figures are not the system's alone. */
  disturbed: boolean;
};

/**
 * Runs `work` as a named phase, once the machine is quiet enough: the
 * server's event-loop histogram is reset (scraped) as it starts and read as it
 * ends, the chat probe (if running) tags the messages it sends meanwhile with `name`, and
 * the CPU time of `processes`, of this process, of the services and of the
 * whole machine is read around it.
 */
export async function inPhase<T>(
  name: string,
  setting: { url: string; processes: readonly Child[]; chatProbe?: Child },
  work: () => Promise<T>,
): Promise<{ result: T; load: PhaseLoad }> {
  const { url, chatProbe, processes } = setting;
  const quiet = await waitForQuiet(QUIET_BUSY_SHARE, QUIET_WAIT_MS);
  await scrapeEventLoopLag(url);
  const readCpu = () => ({
    machine: machineCpu(),
    services: Object.entries(SERVICES).map(([who, command]) => [who, cpuMicrosOfCommands([command])] as const),
    parties: [...processes.map((child) => [child.name, cpuMicrosOfTree(child.pid)] as const), ['bench', benchMicros()] as const],
  });
  const before = readCpu();
  const start = monotonicMs();
  chatProbe?.send({ type: 'phase', name });
  const result = await work();
  chatProbe?.send({ type: 'phase', name: null });
  const seconds = round((monotonicMs() - start) / 1000, 3);
  const after = readCpu();
  const eventLoop = await scrapeEventLoopLag(url);
  const used = [
    ...before.parties.map(([who, micros], i) => [who, ((after.parties[i]?.[1] ?? micros) - micros) / 1e6] as const),
    ...before.services.map(([who, micros], i) => [who, cpuMicrosBetween(micros, after.services[i]?.[1] ?? micros) / 1e6] as const),
  ];
  const other = (after.machine.busy - before.machine.busy) / 1e6 - used.reduce((sum, [, s]) => sum + s, 0);
  return {
    result,
    load: {
      seconds,
      eventLoop: { ...eventLoop, delayP99Ms: round(Math.max(0, eventLoop.p99Ms - EVENT_LOOP_SAMPLING_MS)) },
      machineBusyShare: { before: round(quiet.busyShare, 3), during: round(busyShare(before.machine, after.machine), 3) },
      cpuSeconds: Object.fromEntries([...used, ['other', other] as const].map(([who, cpuS]) => [who, round(cpuS)])),
      disturbed: other > DISTURBED_CORES * seconds,
    },
  };
}

function benchMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}
