import { createAdapter } from '@socket.io/redis-adapter';
import { stampingParser } from './publish-stamp.ts';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import { Unavailable } from '../errors.ts';
import { createChannelLayer } from './channel-layer.ts';
import type { InterfaceLayer } from './channel-layer.ts';
import type { LayerOptions, LayerTransport } from './layer-backend.ts';
import { recoverAfterInterruptions } from './redis-recovery.ts';
import { createRedisStore } from './redis-store.ts';
import type { RedisStoreOptions } from './redis-store.ts';
import { emitterTransport, serverTransport } from './transports.ts';
import { logger } from '../log/logger.ts';

const log = logger.child({ module: 'redis' });

/** Options of the Redis channel layer (see server/config.ts for defaults). */
export type RedisLayerOptions = RedisStoreOptions & LayerOptions & { redisUrl: string };

/**
 * Opens an ioredis client that reports connection problems once per outage
 * instead of crashing or flooding the log. Commands fail after 3 retries
 * unless `retryForever` (for the pub/sub clients, whose library callers never
 * handle a rejection).
 */
export function openRedis(url: string, name: string, { retryForever = false } = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: retryForever ? null : 3, connectionName: name });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) log.error({ connection: name, err: error }, `redis (${name}): ${error.message}; retrying`);
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) log.warn({ connection: name }, `redis (${name}): reconnected`);
    reported = false;
  });
  return redis;
}

/** Closes a client: politely when connected, at once otherwise (QUIT would wait for a reconnect that may never come). */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}

/** Resolves once the client is connected; rejects with Unavailable after `timeoutMs`. */
function whenReady(redis: Redis, timeoutMs = 2000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Unavailable('Redis'));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** The pub/sub key shared by the Socket.IO Redis adapter and emitter; prefixed because pub/sub ignores the db index. */
export function pubsubKey(prefix: string): string {
  return `${prefix}:sio`;
}

/**
 * The channel layer on Redis. Given the interface server's Socket.IO server it
 * installs the Redis adapter (sockets here, broadcasts everywhere); without one
 * it publishes through the Redis emitter, as workers and scripts do. Every
 * operation first waits (briefly) for Redis, so a caller gets `Unavailable`
 * during an outage instead of a message silently queued or dropped.
 */
export function createRedisLayer(options: RedisLayerOptions, io?: Server): InterfaceLayer {
  const role = io ? 'server' : 'client';
  const redis = openRedis(options.redisUrl, `switchyard-${role}`);
  const pub = openRedis(options.redisUrl, `switchyard-${role}-pub`, { retryForever: true });
  const clients = [redis, pub];
  const key = pubsubKey(options.prefix);
  const sub = io ? openRedis(options.redisUrl, 'switchyard-server-sub', { retryForever: true }) : undefined;
  if (io && sub) {
    clients.push(sub);
    io.adapter(createAdapter(pub, sub, { key }));
  }
  const transport: LayerTransport = io ? serverTransport(io) : emitterTransport(new Emitter(pub, { key, parser: stampingParser }));
  const layer = createChannelLayer(createRedisStore(redis, options), transport, options);
  const ready = () => Promise.all([whenReady(redis), whenReady(pub)]);
  const stopRecovery = io && sub ? recoverAfterInterruptions(io, layer, { redis, sub, prefix: options.prefix, namespaces: options.protocol.namespaces }) : () => {};
  return {
    ...layer,
    async send(replyChannel, event, payload) {
      await ready();
      return layer.send(replyChannel, event, payload);
    },
    async groupAdd(group, replyChannel) {
      await ready();
      return layer.groupAdd(group, replyChannel);
    },
    async groupDiscard(group, replyChannel) {
      await ready();
      return layer.groupDiscard(group, replyChannel);
    },
    async groupSend(group, event, payload) {
      await ready();
      return layer.groupSend(group, event, payload);
    },
    async close() {
      stopRecovery();
      await Promise.all(clients.map(closeRedis));
    },
  };
}
