import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { WorkerQueues } from '../layer/worker-queues.ts';

/**
 * A Prometheus registry for one process, labelled with its role, holding
 * Node's default metrics (CPU, memory, event-loop delay percentiles, GC) and,
 * given the queues, the depth of every worker channel's queue.
 */
export function createMetricsRegistry(role: 'interface-server' | 'worker' | 'relay', queues?: Pick<WorkerQueues, 'depth' | 'channels'>): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  if (!queues) return registry;
  new Gauge({
    name: 'switchyard_queue_depth',
    help: 'Jobs waiting or running on a worker channel',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      for (const channel of queues.channels) {
        const depth = await queues.depth(channel).catch(() => Number.NaN);
        this.set({ channel }, depth);
      }
    },
  });
  return registry;
}
