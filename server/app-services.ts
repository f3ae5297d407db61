import { databaseInTrace } from '../prisma/client.ts';
import type { Database } from '../prisma/client.ts';
import { queuesInTrace } from './layer/worker-queues.ts';
import type { WorkerQueues } from './layer/worker-queues.ts';
import type { TraceCarrier } from './tracing/trace-context.ts';

/** The kit's shared services, handed to every consumer of an interface server (a feature's own services are its own: server/registry/feature.ts). */
export type AppServices = {
  db: Database;
  queues: WorkerQueues;
  /** Largest JSON payload of one event, either direction (MAX_MESSAGE_BYTES): larger job results are downloaded instead. */
  maxMessageBytes: number;
};

/**
 * `app` with its writes and enqueues continuing `trace`: what a handler of a
 * traced event gets. The traced database client is made on first use
 * (`databaseInTrace`), so an event that does not touch `db` does not pay for
 * it. `app` itself without a trace.
 */
export function appInTrace<A extends AppServices>(app: A, trace: TraceCarrier | undefined): A {
  if (!trace) return app;
  let db: Database | undefined;
  return {
    ...app,
    get db() {
      return (db ??= databaseInTrace(app.db, trace));
    },
    queues: queuesInTrace(app.queues, trace),
  };
}
