import { randomBytes } from 'node:crypto';
import type { RedisClient } from './redis-connection.ts';
import type { SocketsPublisher } from './publisher-types.ts';
import { logger } from '../log/logger.ts';
import { stampPublish } from './publish-stamp.ts';
import { ClusterMessageType, goesEverywhere, partitionOf } from './partitioned-adapter.ts';
import { namespaceChannels, shardedChannel } from './sharded-channels.ts';

const log = logger.child({ module: 'redis' });

const { BROADCAST, SOCKETS_JOIN, SOCKETS_LEAVE, DISCONNECT_SOCKETS } = ClusterMessageType;

/**
 * Reaches the sockets of interface servers that run Socket.IO's sharded Redis
 * adapter (`createShardedAdapter`, subscription mode "static"), from a process
 * that holds none: workers, the model-hook relay, the CLI, Next.js routes.
 * `@socket.io/redis-emitter` cannot: it PUBLISHes in the classic adapter's
 * format, which the sharded adapter neither subscribes to nor decodes. This
 * speaks the sharded adapter's own: ClusterAdapter messages as JSON, sent with
 * SPUBLISH (only the shard owning the channel forwards them) on the channel
 * the servers' partitioned adapters use for it (partitioned-adapter.ts): a
 * room's partition, or every channel of the namespace for a disconnect.
 * Publishing is fire-and-forget, like the emitter's: the client reports
 * outages (and queues commands until Redis is back), a refused command is logged.
 */
export function createShardedEmitter(redis: RedisClient, channelPrefix: string, partitions: number): SocketsPublisher {
  const uid = `emitter-${randomBytes(8).toString('hex')}`;
  const publish = (namespace: string, type: number, data: object) => {
    const message = { uid, nsp: namespace, type, data };
    const encoded = JSON.stringify(message);
    const channels = goesEverywhere(message)
      ? namespaceChannels(channelPrefix, namespace, partitions)
      : [partitionOf(message, channelPrefix, namespace, partitions) ?? shardedChannel(channelPrefix, namespace)];
    for (const channel of channels) {
      redis.spublish(channel, encoded).catch((error: Error) => log.error({ err: error, namespace }, 'sharded publish failed'));
    }
  };
  return {
    of(namespace) {
      const target = (room: string) => {
        const opts = { rooms: [room], except: [], flags: {} };
        return {
          emit(event: string, ...args: unknown[]) {
            const packet = { type: 2, data: [event, ...args], nsp: namespace };
            // Timed on arrival like any broadcast (server/metrics/emit-timing.ts).
            stampPublish(packet);
            publish(namespace, BROADCAST, { packet, opts });
            return true;
          },
          socketsJoin: (rooms: string | string[]) => publish(namespace, SOCKETS_JOIN, { opts, rooms: [rooms].flat() }),
          socketsLeave: (rooms: string | string[]) => publish(namespace, SOCKETS_LEAVE, { opts, rooms: [rooms].flat() }),
          disconnectSockets: (close = false) => publish(namespace, DISCONNECT_SOCKETS, { opts, close }),
        };
      };
      return { to: target, in: target };
    },
  };
}
