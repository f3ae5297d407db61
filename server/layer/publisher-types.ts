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
