import type { z } from 'zod';
import type { Register } from './register.ts';

/** A worker channel (one BullMQ queue): the schemas of its jobs' input, progress reports and result. */
export type WorkerChannelSpec = { input: z.ZodType; progress: z.ZodType; result: z.ZodType };

/** The registered application's worker channels (none when nothing is registered); features define them (Feature.workerChannels). */
export type WorkerChannels = Register extends { workerChannels: infer W extends Record<string, WorkerChannelSpec> } ? W : Record<never, WorkerChannelSpec>;
/** The name of a registered worker channel, e.g. `bigdata.process`. */
export type WorkerChannelName = keyof WorkerChannels & string;
/** What a job of channel C is given. */
export type WorkerInput<C extends WorkerChannelName> = z.output<WorkerChannels[C]['input']>;
/** What a job of channel C reports while it runs. */
export type WorkerProgress<C extends WorkerChannelName> = z.output<WorkerChannels[C]['progress']>;
/** What a job of channel C returns. */
export type WorkerResult<C extends WorkerChannelName> = z.output<WorkerChannels[C]['result']>;
