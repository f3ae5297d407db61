import type { RedisClient } from './redis-connection.ts';
import type { Server } from 'socket.io';
import type { SocketData } from '../scope.ts';
import { createAliveMarker } from './alive-marker.ts';
import type { DeliveryGate } from './delivery-gate.ts';
import type { InterfaceLayer } from './channel-layer.ts';
import { retryingCheck } from './retrying-check.ts';
import { namespaceChannels } from './sharded-channels.ts';
import { pubsubKey } from './sockets-publisher.ts';
import { watchSubscription } from './subscription-watch.ts';
import { logger } from '../log/logger.ts';

const log = logger.child({ module: 'redis-recovery' });

const CHECK_EVERY_MS = 60_000;

/** A socket's reply channel and rooms, read before its transport is closed. */
type Membership = { replyChannel: string; rooms: string[] };

/**
 * What an interface server does when its Redis subscription comes back after
 * an interruption (Redis restarted or failed over, the connection dropped; on a
 * cluster, the primary serving one of a namespace's channels — the namespace
 * channel or a partition — failed over or its slot moved: subscription-watch.ts):
 * group messages published meanwhile never reached it — pub/sub is at most
 * once — and its clients, still connected, would never ask for them. So it
 * closes its clients' transports at once, in the subscription's `ready`
 * event, before any message published after the gap can reach them (a client
 * that got a later message live would resume after it, past the ones it
 * missed): they reconnect (to any server) and catch up as after any
 * reconnect (the reply channel replays by seq, after `reply.reset` when the
 * count started over; the liveblog follows from its cursor, chat rooms catch
 * up). If Redis also lost its data, the server writes the closed sockets'
 * group memberships back, so reconnecting sockets find them. A data loss
 * without an interruption (a flush) is noticed within a minute and handled
 * the same way. Returns a function that stops watching.
 */
export function recoverAfterInterruptions(io: Server, layer: InterfaceLayer, clients: { redis: RedisClient; sub: RedisClient; prefix: string; namespaces: readonly string[]; partitions: number; gate?: DeliveryGate }): () => void {
  const { redis, sub } = clients;
  const marker = createAliveMarker(redis, clients.prefix, CHECK_EVERY_MS * 3);
  let stopped = false;
  // Memberships of closed sockets, until Redis is known to still hold them or they are written back.
  let pending: Membership[] = [];
  const closeClients = (reason: string) => {
    const connections = Object.values((io.engine as unknown as { clients: Record<string, { close(): void }> }).clients);
    pending.push(...memberships(io, clients.namespaces));
    for (const connection of connections) connection.close();
    log.warn({ clients: connections.length }, `redis ${reason}: ${connections.length} clients reconnect to catch up on what they missed`);
  };
  const recover = async () => {
    if (stopped) return;
    let restoring = pending;
    pending = [];
    try {
      if (!(await marker.lost())) return;
      if (restoring.length === 0) {
        // A flush noticed by the periodic check: the sockets are still open; close them too.
        closeClients('lost its data');
        [restoring, pending] = [pending, []];
      }
      await Promise.all(restoring.map(({ replyChannel, rooms }) => layer.restoreMemberships(replyChannel, rooms)));
    } catch (error) {
      pending = [...restoring, ...pending];
      throw error;
    }
  };
  // Redis may still be half back (the subscription up, commands failing): try again until it is.
  const recovery = retryingCheck(recover, {
    retryMs: 1000,
    onFailure: (error) => log.error({ err: error }, 'redis recovery failed; retrying every second'),
  });
  let started = false;
  const onReady = () => {
    if (started && !stopped) closeClients('connection was interrupted');
    started = true;
    recovery.trigger();
  };
  const channelKey = pubsubKey(clients.prefix);
  const unwatch = watchSubscription(sub, clients.namespaces.flatMap((namespace) => namespaceChannels(channelKey, namespace, clients.partitions)), {
    onReady() {
      onReady();
      clients.gate?.resume();
    },
    onInterrupted() {
      clients.gate?.suspend();
      log.warn('redis subscription interrupted: messages are held back until the clients have been made to reconnect');
    },
  });
  const timer = setInterval(recovery.trigger, CHECK_EVERY_MS);
  timer.unref();
  return () => {
    stopped = true;
    recovery.stop();
    clearInterval(timer);
    unwatch();
  };
}

/** The reply channel and rooms of every socket of this server. */
function memberships(io: Server, namespaces: readonly string[]): Membership[] {
  return namespaces.flatMap((namespace) =>
    [...io.of(namespace).sockets.values()].flatMap((socket) => {
      const { replyChannel } = socket.data as SocketData;
      return replyChannel ? [{ replyChannel, rooms: [...socket.rooms] }] : [];
    }),
  );
}
