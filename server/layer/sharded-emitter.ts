import { randomBytes } from 'node:crypto';
import type { RedisClient } from './redis-connection.ts';
import type { SocketsPublisher } from './publisher-types.ts';
import { logger } from '../log/logger.ts';
import { stampPublish } from './publish-stamp.ts';

const log = logger.child({ module: 'redis' });

// socket.io-adapter's ClusterAdapter message types (its `MessageType` enum) that a publisher without sockets sends.
const BROADCAST = 3;
const SOCKETS_JOIN = 4;
const SOCKETS_LEAVE = 5;
const DISCONNECT_SOCKETS = 6;

/**
 * The channel on which interface servers' sharded adapters of a namespace
 * listen, in the adapter's "static" subscription mode: one channel per
 * namespace, so one shard carries a namespace's messages, and a join and the
 * broadcast after it (published in that order) arrive in that order.
 */
export function shardedChannel(channelPrefix: string, namespace: string): string {
  return `${channelPrefix}#${namespace}#`;
}

/**
 * Reaches the sockets of interface servers that run Socket.IO's sharded Redis
 * adapter (`createShardedAdapter`, subscription mode "static"), from a process
 * that holds none: workers, the model-hook relay, the CLI, Next.js routes.
 * `@socket.io/redis-emitter` cannot: it PUBLISHes in the classic adapter's
 * format, which the sharded adapter neither subscribes to nor decodes. This
 * speaks the sharded adapter's own: ClusterAdapter messages as JSON, sent with
 * SPUBLISH to the namespace's channel (only the shard owning it forwards them).
 * Publishing is fire-and-forget, like the emitter's: the client reports
 * outages (and queues commands until Redis is back), a refused command is logged.
 */
export function createShardedEmitter(redis: RedisClient, channelPrefix: string): SocketsPublisher {
  const uid = `emitter-${randomBytes(8).toString('hex')}`;
  const publish = (namespace: string, type: number, data: object) => {
    const message = JSON.stringify({ uid, nsp: namespace, type, data });
    redis
      .spublish(shardedChannel(channelPrefix, namespace), message)
      .catch((error: Error) => log.error({ err: error, namespace }, 'sharded publish failed'));
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
