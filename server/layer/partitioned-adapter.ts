import type { Namespace } from 'socket.io';
import type { Adapter } from 'socket.io-adapter';
// The adapter's own subscribe helpers: one `smessageBuffer` listener per client, dispatching by channel.
import { SSUBSCRIBE, SUNSUBSCRIBE } from '@socket.io/redis-adapter/dist/util.js';
import type { RedisClient } from './redis-connection.ts';
import { namespaceChannels, partitionChannels, roomChannel } from './sharded-channels.ts';

/** socket.io-adapter's ClusterAdapter message types (its `MessageType` enum) that are routed by room, or sent without sockets. */
export const ClusterMessageType = { BROADCAST: 3, SOCKETS_JOIN: 4, SOCKETS_LEAVE: 5, DISCONNECT_SOCKETS: 6 } as const;
const { BROADCAST, SOCKETS_JOIN, SOCKETS_LEAVE, DISCONNECT_SOCKETS } = ClusterMessageType;

/** An adapter factory (`createShardedAdapter(...)` in "static" mode). */
type AdapterFactory = (namespace: Namespace) => Adapter;
type Message = { type: number; data?: { rooms?: string[]; requestId?: string; opts?: { rooms?: string[] } } };
// The sharded adapter's internals this wraps (@socket.io/redis-adapter dist/sharded-adapter.js, 8.x).
type ShardedInternals = {
  computeChannel(message: Message): string;
  doPublish(message: Message): Promise<string>;
  encode(message: Message): string | Buffer;
  onRawMessage(message: Buffer, channel: Buffer): void;
  close(): Promise<void> | void;
};

/** Where a partitioned adapter publishes and subscribes. */
export type PartitionOptions = { pub: RedisClient; sub: RedisClient; channelPrefix: string; partitions: number };

/**
 * The channel a ClusterAdapter message goes on, or undefined for the
 * namespace channel: a broadcast to one room (without acknowledgement) goes
 * on that room's partition, and so does a join or leave of one room — the
 * partition of the room joined — so a `groupAdd` and the `groupSend` after it
 * stay in order on one channel. The rest (several rooms, acknowledgements,
 * requests) stays on the namespace channel.
 */
export function partitionOf(message: Message, channelPrefix: string, namespace: string, partitions: number): string | undefined {
  const room =
    message.type === BROADCAST && message.data?.requestId === undefined
      ? single(message.data?.opts?.rooms)
      : message.type === SOCKETS_JOIN || message.type === SOCKETS_LEAVE
        ? single(message.data?.rooms)
        : undefined;
  return room === undefined ? undefined : roomChannel(channelPrefix, namespace, room, partitions);
}

/** True for a message that goes on every channel of its namespace: a disconnect must precede whatever was published after it, on any channel. */
export function goesEverywhere(message: { type: number }): boolean {
  return message.type === DISCONNECT_SOCKETS;
}

const single = (rooms: string[] | undefined) => (rooms?.length === 1 ? rooms[0] : undefined);

/**
 * Wraps the sharded adapter's factory (static mode: one channel per
 * namespace, one primary) so that a namespace's room messages spread over
 * `partitions` channels, and so over the cluster's primaries
 * (sharded-channels.ts). Each adapter also subscribes to its namespace's
 * partitions, publishes a one-room message on the room's partition
 * (`partitionOf`), a disconnect on every channel, and the rest as before.
 */
export function partitioned<F extends AdapterFactory>(factory: F, { pub, sub, channelPrefix, partitions }: PartitionOptions): F {
  // Socket.IO calls the factory with `new`: a function (not an arrow) that returns the adapter.
  return function partitionedAdapter(namespace: Namespace) {
    const adapter = factory(namespace);
    const internals = adapter as unknown as ShardedInternals;
    const channels = partitionChannels(channelPrefix, namespace.name, partitions);
    const every = namespaceChannels(channelPrefix, namespace.name, partitions);
    const onRaw = (message: Buffer, channel: Buffer) => internals.onRawMessage(message, channel);
    for (const channel of channels) SSUBSCRIBE(sub, channel, onRaw);
    const compute = internals.computeChannel.bind(adapter);
    internals.computeChannel = (message) => partitionOf(message, channelPrefix, namespace.name, partitions) ?? compute(message);
    const publish = internals.doPublish.bind(adapter);
    internals.doPublish = async (message) => {
      if (!goesEverywhere(message)) return publish(message);
      const encoded = internals.encode(message);
      await Promise.all(every.map((channel) => pub.spublish(channel, encoded)));
      return '';
    };
    const close = internals.close.bind(adapter);
    internals.close = async () => {
      await Promise.all([close(), ...channels.map((channel) => SUNSUBSCRIBE(sub, channel))]);
    };
    return adapter;
  } as F;
}
