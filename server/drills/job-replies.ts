import type { ChannelLayer } from '../layer/channel-layer.ts';
import type { ReplyMessage } from '../testing/job-client.ts';
import type { SocketCommunicator } from '../testing/socket-communicator.ts';

const END = 'end-of-drill';

/**
 * Every reply-channel message `client` (on `/jobs`) still gets, up to an end
 * marker this sends on its reply channel now. Call it once nothing can be
 * announced any more (the jobs are finished): messages of one reply channel
 * arrive in order, so what comes before the marker is everything.
 */
export async function remainingReplies(layer: Pick<ChannelLayer, 'send'>, client: SocketCommunicator): Promise<ReplyMessage[]> {
  await layer.send(client.replyChannel, 'job.progress', { jobId: END, channel: 'report.render', progress: { fraction: 1 } });
  const messages: ReplyMessage[] = [];
  for (;;) {
    const message = await client.receive<ReplyMessage>('reply.message', 10_000);
    if (message.payload.jobId === END) return messages;
    messages.push(message);
  }
}

/** How many `job.completed` for `jobId` are among `messages`. */
export function completionsOf(messages: ReplyMessage[], jobId: string): number {
  return messages.filter((m) => m.event === 'job.completed' && m.payload.jobId === jobId).length;
}
