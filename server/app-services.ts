import type { Database } from '../prisma/client.ts';
import type { ChatServices } from './chat/chat-services.ts';
import type { JobLimits } from './jobs/job-admission.ts';
import type { WorkerQueues } from './layer/worker-queues.ts';

/** The application's shared services, handed to every consumer and HTTP route of an interface server. */
export type AppServices = {
  db: Database;
  queues: WorkerQueues;
  /** Jobs, and bytes of anonymous datasets, that may be in flight (JOBS_PER_CLIENT, JOBS_PER_ADDRESS, ANONYMOUS_UPLOAD_BYTES_*). */
  jobLimits: JobLimits;
  /** Largest JSON payload of one event, either direction (MAX_MESSAGE_BYTES): larger job results are downloaded instead. */
  maxMessageBytes: number;
  /** Chat presence, per-person rate limit and visitor ids (the `/chat` consumer's). */
  chat: ChatServices;
};
