import { createRealtimeClient } from '../client/realtime-client.ts';
import { waitFor } from '../harness/cluster/wait-for.ts';
import type { ChannelLayer } from '../server/layer/channel-layer.ts';
import { createReplyChannelSigner } from '../server/layer/reply-channel-token.ts';
import type { DrillScope } from './drill.ts';

const END = 'end-of-drill';

/**
 * A `/jobs` client as a browser tab has it — the app's own realtime client,
 * which reconnects, replays its reply channel by seq and drops duplicates by
 * itself — counting the job events its reply channel delivers.
 */
export type JobWatcher = {
  /** The reply token, for uploads (`x-reply-token`). */
  readonly replyToken: string;
  /** The reply channel the token names. */
  readonly replyChannel: string;
  /** `job.completed` deliveries for a job so far. */
  completions(jobId: string): number;
  /** `job.progress` deliveries for a job so far. */
  progress(jobId: string): number;
  /** The codes of the `job.failed` deliveries for a job so far. */
  failures(jobId: string): string[];
  /** Resolves once a `job.completed` for `jobId` has arrived. */
  completed(jobId: string, timeoutMs: number): Promise<void>;
  /** Resolves once a `job.failed` for `jobId` has arrived. */
  failed(jobId: string, timeoutMs: number): Promise<void>;
  /** Asks for a report of a completed bigdata job (`report.request`); resolves the report job's id. */
  requestReport(sourceJobId: string): Promise<string>;
  /**
   * Sends an end marker on the reply channel and waits for it: call it once
   * nothing more can be announced, and every count is final (one reply
   * channel delivers in order).
   */
  drain(layer: Pick<ChannelLayer, 'send'>): Promise<void>;
};

/** Opens the client on `url` (its servers sign reply tokens with `secretKey`); it closes with the drill. */
export async function watchJobs(scope: DrillScope, url: string, secretKey: string): Promise<JobWatcher> {
  const client = createRealtimeClient({ url, storage: null });
  scope.defer(() => client.close());
  const counts = { completed: new Map<string, number>(), progress: new Map<string, number>() };
  const failures = new Map<string, string[]>();
  const count = (map: Map<string, number>, jobId: string) => map.set(jobId, (map.get(jobId) ?? 0) + 1);
  client.onReply('/jobs', 'job.completed', ({ jobId }) => count(counts.completed, jobId));
  client.onReply('/jobs', 'job.progress', ({ jobId }) => count(counts.progress, jobId));
  client.onReply('/jobs', 'job.failed', ({ jobId, code }) => failures.set(jobId, [...(failures.get(jobId) ?? []), code]));
  client.open();
  const replyToken = await client.replyToken();
  const replyChannel = createReplyChannelSigner(secretKey).verify(replyToken) ?? '';
  const completions = (jobId: string) => counts.completed.get(jobId) ?? 0;
  const progress = (jobId: string) => counts.progress.get(jobId) ?? 0;
  return {
    replyToken,
    replyChannel,
    completions,
    progress,
    failures: (jobId) => failures.get(jobId) ?? [],
    completed: (jobId, timeoutMs) => waitFor(`job.completed of ${jobId}`, timeoutMs, () => completions(jobId) > 0 || undefined).then(() => {}),
    failed: (jobId, timeoutMs) => waitFor(`job.failed of ${jobId}`, timeoutMs, () => failures.has(jobId) || undefined).then(() => {}),
    requestReport: async (sourceJobId) => (await client.emit('/jobs', 'report.request', { sourceJobId })).jobId,
    async drain(layer) {
      await layer.send(replyChannel, 'job.progress', { jobId: END, channel: 'report.render', progress: { fraction: 1 } });
      await waitFor('the end marker', 15_000, () => progress(END) > 0 || undefined);
    },
  };
}
