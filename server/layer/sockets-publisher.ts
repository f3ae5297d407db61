import { Emitter } from '@socket.io/redis-emitter';
import { isCluster } from './redis-connection.ts';
import type { RedisClient, RedisTarget } from './redis-connection.ts';
import { createShardedEmitter } from './sharded-emitter.ts';
import { stampingParser } from './publish-stamp.ts';

/** What a publisher can do to the sockets in one room, on every interface server. */
export type RoomPublisher = {
  emit(event: string, ...args: unknown[]): unknown;
  socketsJoin(rooms: string | string[]): void;
  socketsLeave(rooms: string | string[]): void;
  disconnectSockets(close?: boolean): void;
};

/**
 * Reaches sockets on every interface server from a process that holds none:
 * the Redis emitter on one Redis, the sharded emitter on a cluster.
 *
 * @example
 * publisher.of('/').to('g:announcements').emit('announcement.posted', payload);
 */
export type SocketsPublisher = { of(namespace: string): { to(room: string): RoomPublisher; in(room: string): RoomPublisher } };

/** The pub/sub key (channel prefix) shared by the interface servers' adapter and every publisher; prefixed because pub/sub ignores the db index. */
export function pubsubKey(prefix: string): string {
  return `${prefix}:sio`;
}

/** The publisher that matches the interface servers' adapter on `target` (redis-layer.ts installs it). */
export function createSocketsPublisher(target: RedisTarget, redis: RedisClient, prefix: string): SocketsPublisher {
  return isCluster(target) ? createShardedEmitter(redis, pubsubKey(prefix)) : new Emitter(redis, { key: pubsubKey(prefix), parser: stampingParser });
}
