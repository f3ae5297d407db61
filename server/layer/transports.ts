import type { Server } from 'socket.io';
import type { LayerTransport } from './layer-backend.ts';
import type { SocketsPublisher } from './sockets-publisher.ts';

/**
 * Reaches sockets through a Socket.IO server. With the Redis adapter installed
 * the broadcast also reaches every other interface server; without it, only
 * this process. Joins and leaves apply to local sockets at once (the adapter
 * alone would wait for its own message to come back from Redis), so a
 * `groupAdd` followed by `groupSend` never misses a socket of this server.
 */
export function serverTransport(io: Server): LayerTransport {
  return {
    emit: (namespace, room, event, payload) => void io.of(namespace).to(room).emit(event, payload),
    join(namespace, fromRoom, toRoom, reach) {
      io.of(namespace).local.in(fromRoom).socketsJoin(toRoom);
      if (reach === 'everywhere') io.of(namespace).in(fromRoom).socketsJoin(toRoom);
    },
    leave(namespace, fromRoom, toRoom, reach) {
      io.of(namespace).local.in(fromRoom).socketsLeave(toRoom);
      if (reach === 'everywhere') io.of(namespace).in(fromRoom).socketsLeave(toRoom);
    },
  };
}

/** Reaches sockets from a process that holds none (worker, script, Next.js route) through the Redis emitter or its sharded twin; its joins reach everywhere. */
export function emitterTransport(emitter: SocketsPublisher): LayerTransport {
  return {
    emit: (namespace, room, event, payload) => void emitter.of(namespace).to(room).emit(event, payload),
    join: (namespace, fromRoom, toRoom) => emitter.of(namespace).in(fromRoom).socketsJoin(toRoom),
    leave: (namespace, fromRoom, toRoom) => emitter.of(namespace).in(fromRoom).socketsLeave(toRoom),
  };
}
