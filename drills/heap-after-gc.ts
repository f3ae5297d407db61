import type { MemoryReport } from '../bench/lib/child-agent.ts';
import type { Child } from '../bench/lib/children.ts';

/**
 * A drill server's heap + external memory in KB after a full GC, answered by
 * the bench's agent preloaded into it: what the process keeps, without the
 * garbage and the freed pages RSS still counts.
 */
export async function heapAfterGc(server: Child): Promise<number> {
  const answer = server.next<MemoryReport>('bench.memory', 30_000);
  server.send({ type: 'bench.memory' });
  const report = await answer;
  return report.heapUsedKB + report.externalKB;
}
