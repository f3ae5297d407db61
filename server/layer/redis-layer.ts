import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import { Unavailable } from '../errors.ts';
import { createChannelLayer } from './channel-layer.ts';
import { createDeliveryGate } from './delivery-gate.ts';
import type { InterfaceLayer } from './channel-layer.ts';
import type { LayerOptions, LayerTransport } from './layer-backend.ts';
import { recoverAfterInterruptions } from './redis-recovery.ts';
import { keepHoldingChannels } from './holder-records.ts';
import { closeRedis, isCluster, openRedis } from './redis-connection.ts';
import type { RedisClient } from './redis-connection.ts';
import { partitioned } from './partitioned-adapter.ts';
import { DEFAULT_PUBSUB_PARTITIONS } from './sharded-channels.ts';
import { createRedisStore } from './redis-store.ts';
import type { RedisStoreOptions } from './redis-store.ts';
import { createSocketsPublisher, pubsubKey } from './sockets-publisher.ts';
import type { PubsubTarget } from './sockets-publisher.ts';
import { emitterTransport, serverTransport } from './transports.ts';

/** Options of the Redis channel layer (see server/config.ts for defaults). */
export type RedisLayerOptions = RedisStoreOptions & LayerOptions & PubsubTarget;

/** Resolves once the client is connected; rejects with Unavailable after `timeoutMs`. */
function whenReady(redis: RedisClient, timeoutMs = 2000): Promise<void> {
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

/**
 * The channel layer on Redis or a Redis Cluster. Given the interface server's
 * Socket.IO server (and its holder id, channel-layer.ts) it installs the Redis adapter (sockets here, broadcasts
 * everywhere; on a cluster the sharded adapter: SPUBLISH, one shard per
 * message); without one it publishes through the matching emitter, as
 * workers and scripts do (sockets-publisher.ts). Every
 * operation first waits (briefly) for Redis, so a caller gets `Unavailable`
 * during an outage instead of a message silently queued or dropped.
 */
export function createRedisLayer(options: RedisLayerOptions, server?: { io: Server; holder: string }): InterfaceLayer {
  const io = server?.io;
  const role = io ? 'server' : 'client';
  const redis = openRedis(options, `switchyard-${role}`);
  const pub = openRedis(options, `switchyard-${role}-pub`, { retryForever: true });
  const clients = [redis, pub];
  const key = pubsubKey(options.prefix);
  const partitions = options.pubsubPartitions ?? DEFAULT_PUBSUB_PARTITIONS;
  const sub = io ? openRedis(options, 'switchyard-server-sub', { retryForever: true, subscriber: true }) : undefined;
  // On a cluster, what arrives between a shard's failure and the clients' reconnect is held back (delivery-gate.ts).
  const gate = createDeliveryGate();
  if (io && sub) {
    clients.push(sub);
    // "static" (one channel per namespace), partitioned by room: a groupAdd and the groupSend after it travel in order on the group's partition.
    const sharded = () => partitioned(createShardedAdapter(pub, sub, { channelPrefix: key, subscriptionMode: 'static' }), { pub, sub, channelPrefix: key, partitions });
    io.adapter(isCluster(options) ? gate.gated(sharded()) : createAdapter(pub, sub, { key }));
  }
  const transport: LayerTransport = io ? serverTransport(io) : emitterTransport(createSocketsPublisher(options, pub, options.prefix));
  const store = createRedisStore(redis, options);
  const layer = createChannelLayer(store, transport, options, server?.holder);
  const ready = () => Promise.all([whenReady(redis), whenReady(pub)]);
  const stopRecovery = io && sub ? recoverAfterInterruptions(io, layer, { redis, sub, prefix: options.prefix, namespaces: options.protocol.namespaces, partitions, gate }) : () => {};
  const stopHolding = server ? keepHoldingChannels(server, store, { namespaces: options.protocol.namespaces, everyMs: options.groupExpiryMs / 4 }) : () => {};
  return {
    ...layer,
    async send(replyChannel, event, payload, trace) {
      await ready();
      return layer.send(replyChannel, event, payload, trace);
    },
    async groupAdd(group, replyChannel) {
      await ready();
      return layer.groupAdd(group, replyChannel);
    },
    async groupDiscard(group, replyChannel) {
      await ready();
      return layer.groupDiscard(group, replyChannel);
    },
    async groupSend(group, event, payload, trace) {
      await ready();
      return layer.groupSend(group, event, payload, trace);
    },
    async close() {
      stopRecovery();
      stopHolding();
      await Promise.all(clients.map(closeRedis));
    },
  };
}
