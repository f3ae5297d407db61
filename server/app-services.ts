import type { Database } from '../prisma/client.ts';
import type { WorkerQueues } from './layer/worker-queues.ts';

/** The kit's shared services, handed to every consumer of an interface server (a feature's own services are its own: server/registry/feature.ts). */
export type AppServices = {
  db: Database;
  queues: WorkerQueues;
  /** Largest JSON payload of one event, either direction (MAX_MESSAGE_BYTES): larger job results are downloaded instead. */
  maxMessageBytes: number;
};
