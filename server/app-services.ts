import type { Database } from '../prisma/client.ts';
import type { ChatServices } from './chat/chat-services.ts';
import type { WorkerQueues } from './layer/worker-queues.ts';

/** The application's shared services, handed to every consumer and HTTP route of an interface server. */
export type AppServices = {
  db: Database;
  queues: WorkerQueues;
  /** Jobs a client may have queued or running at once (JOBS_PER_CLIENT). */
  jobsPerClient: number;
  /** Largest JSON payload of one event, either direction (MAX_MESSAGE_BYTES): larger job results are downloaded instead. */
  maxMessageBytes: number;
  /** Chat presence, per-person rate limit and visitor ids (the `/chat` consumer's). */
  chat: ChatServices;
};
