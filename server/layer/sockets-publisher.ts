import { Emitter } from '@socket.io/redis-emitter';
import { isCluster } from './redis-connection.ts';
import type { RedisClient, RedisTarget } from './redis-connection.ts';
import { DEFAULT_PUBSUB_PARTITIONS } from './sharded-channels.ts';
import { createShardedEmitter } from './sharded-emitter.ts';
import type { SocketsPublisher } from './publisher-types.ts';

export type { RoomPublisher, SocketsPublisher } from './publisher-types.ts';
import { stampingParser } from './publish-stamp.ts';

/** The pub/sub key (channel prefix) shared by the interface servers' adapter and every publisher; prefixed because pub/sub ignores the db index. */
export function pubsubKey(prefix: string): string {
  return `${prefix}:sio`;
}

/** Where the interface servers' adapter is: its Redis and (on a cluster) how many partitions each namespace has (REDIS_PUBSUB_PARTITIONS). */
export type PubsubTarget = RedisTarget & { readonly pubsubPartitions?: number };

/** The publisher that matches the interface servers' adapter on `target` (redis-layer.ts installs it). */
export function createSocketsPublisher(target: PubsubTarget, redis: RedisClient, prefix: string): SocketsPublisher {
  return isCluster(target)
    ? createShardedEmitter(redis, pubsubKey(prefix), target.pubsubPartitions ?? DEFAULT_PUBSUB_PARTITIONS)
    : new Emitter(redis, { key: pubsubKey(prefix), parser: stampingParser });
}
