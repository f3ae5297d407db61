/**
 * Preloaded into every process the bench starts (`node --expose-gc --import`),
 * including Switchyard's interface servers, which stay unmodified:
 *
 * - when the bench's IPC channel closes (the bench exited, crashed or was
 *   SIGKILLed) the child terminates itself (SIGTERM, so an interface server
 *   shuts down gracefully), so nothing is left behind;
 * - on `{ type: 'bench.memory' }` it collects garbage and answers with its
 *   memory, so memory per connection counts what connections keep, not
 *   garbage that happens not to be collected yet. It also reports the young
 *   generation's size: V8 grows it from 8 to 32 MB as allocation picks up,
 *   a per-process reserve that would otherwise be counted against connections.
 *
 * Listening on the channel keeps it, and so the child, alive until it closes.
 */
import { getHeapSpaceStatistics } from 'node:v8';

/** A child's answer to `bench.memory`; `youngKB` is the V8 young generation's committed size. */
export type MemoryReport = { type: 'bench.memory'; rssKB: number; heapUsedKB: number; externalKB: number; youngKB: number };

if (process.channel) {
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.on('message', (message: { type?: unknown }) => {
    if (message?.type !== 'bench.memory') return;
    // Twice: the first full collection can leave objects whose finalizers free more.
    globalThis.gc?.();
    globalThis.gc?.();
    const usage = process.memoryUsage();
    const report: MemoryReport = {
      type: 'bench.memory',
      rssKB: Math.round(usage.rss / 1024),
      heapUsedKB: Math.round(usage.heapUsed / 1024),
      externalKB: Math.round(usage.external / 1024),
      youngKB: Math.round((getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) / 1024),
    };
    process.send?.(report);
  });
}
