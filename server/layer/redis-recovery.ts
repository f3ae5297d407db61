import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import { NAMESPACES } from '../protocol/events.ts';
import type { SocketData } from '../scope.ts';
import { createAliveMarker } from './alive-marker.ts';
import type { InterfaceLayer } from './channel-layer.ts';

const CHECK_EVERY_MS = 60_000;

/**
 * What an interface server does when its Redis subscription comes back after
 * an interruption (Redis restarted or failed over, the connection dropped):
 * group messages published meanwhile never reached it — pub/sub is at most
 * once — and its clients, still connected, would never ask for them. So it
 * closes its clients' transports once: they reconnect (to any server) and
 * catch up as after any reconnect (the reply channel replays by seq, after
 * `reply.reset` when the count started over; the liveblog follows from its
 * cursor, chat rooms catch up). If Redis also lost its data, the server first
 * writes its sockets' group memberships back, so reconnecting sockets find
 * them. A data loss without an interruption (a flush) is noticed within a
 * minute and handled the same way. Returns a function that stops watching.
 */
export function recoverAfterInterruptions(io: Server, layer: InterfaceLayer, clients: { redis: Redis; sub: Redis; prefix: string }): () => void {
  const { redis, sub } = clients;
  const marker = createAliveMarker(redis, clients.prefix, CHECK_EVERY_MS * 3);
  let recovering = false;
  let stopped = false;
  const recover = async (interrupted: boolean) => {
    if (recovering || stopped) return;
    recovering = true;
    try {
      const lost = await marker.lost();
      if (!interrupted && !lost) return;
      if (lost) await restoreMemberships(io, layer);
      // Replies to a PING come after those of the resubscription ioredis sent on 'ready': the server hears its groups again.
      await sub.ping();
      const connections = Object.values((io.engine as unknown as { clients: Record<string, { close(): void }> }).clients);
      for (const connection of connections) connection.close();
      console.error(
        `[switchyard] redis ${lost ? 'lost its data' : 'connection was interrupted'}: ${connections.length} clients reconnect to catch up on what they missed`,
      );
    } finally {
      recovering = false;
    }
  };
  // Redis may still be half back (the subscription up, commands failing): try again until it is.
  const attempt = (interrupted: boolean) =>
    void recover(interrupted).catch((error: unknown) => {
      console.error(`[switchyard] redis recovery failed (${(error as Error).message}); retrying in 1 s`);
      setTimeout(() => attempt(interrupted), 1000).unref();
    });
  let started = false;
  const onReady = () => {
    const interrupted = started;
    started = true;
    attempt(interrupted);
  };
  if (sub.status === 'ready') onReady();
  sub.on('ready', onReady);
  const timer = setInterval(() => void recover(false).catch(() => {}), CHECK_EVERY_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    sub.off('ready', onReady);
  };
}

/** Writes the group memberships of every socket of this server back to Redis. */
async function restoreMemberships(io: Server, layer: InterfaceLayer): Promise<void> {
  const sockets = NAMESPACES.flatMap((namespace) => [...io.of(namespace).sockets.values()]);
  await Promise.allSettled(
    sockets.map((socket) => {
      const { replyChannel } = socket.data as SocketData;
      return replyChannel ? layer.restoreMemberships(socket, replyChannel) : Promise.resolve();
    }),
  );
}
