import type { WorkerOptions } from 'node:worker_threads';

const HEAP_FLAG = /^--max[-_]old[-_]space[-_]size=(\d+)$/;

/**
 * How a worker process starts its job threads, given its own Node flags.
 * Threads refuse V8 and process-wide flags (`--max-old-space-size`,
 * `--expose-gc`: "invalid execArgv flags", and every job would fail), so
 * they get none: sandbox.mjs loads what a thread needs itself. A
 * `--max-old-space-size` the process was started with bounds each thread's
 * heap instead.
 *
 * @example jobThreadOptions(['--import', 'tsx', '--max-old-space-size=4096'])
 * // → { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 4096 } }
 */
export function jobThreadOptions(execArgv: readonly string[]): WorkerOptions {
  const heapMb = execArgv.map((flag) => HEAP_FLAG.exec(flag)?.[1]).findLast((value) => value !== undefined);
  return heapMb ? { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: Number(heapMb) } } : { execArgv: [] };
}
