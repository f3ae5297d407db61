import { Emitter } from '@socket.io/redis-emitter';
import { isCluster } from './redis-connection.ts';
import type { RedisClient, RedisTarget } from './redis-connection.ts';
import { createShardedEmitter } from './sharded-emitter.ts';
import type { SocketsPublisher } from './publisher-types.ts';

export type { RoomPublisher, SocketsPublisher } from './publisher-types.ts';
import { stampingParser } from './publish-stamp.ts';

/** The pub/sub key (channel prefix) shared by the interface servers' adapter and every publisher; prefixed because pub/sub ignores the db index. */
export function pubsubKey(prefix: string): string {
  return `${prefix}:sio`;
}

/** The publisher that matches the interface servers' adapter on `target` (redis-layer.ts installs it). */
export function createSocketsPublisher(target: RedisTarget, redis: RedisClient, prefix: string): SocketsPublisher {
  return isCluster(target) ? createShardedEmitter(redis, pubsubKey(prefix)) : new Emitter(redis, { key: pubsubKey(prefix), parser: stampingParser });
}
