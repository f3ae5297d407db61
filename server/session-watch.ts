import type { Server, Socket } from 'socket.io';
import type { SessionUser } from './auth/index.ts';
import { sessionRoom, userRoom } from './layer/rooms.ts';
import type { SocketData } from './scope.ts';

/**
 * What reaches sockets on every interface server: an interface server's
 * Socket.IO server (through the Redis adapter) or, in any other process
 * (the CLI), the Redis emitter.
 */
export type SocketReach = { of(namespace: string): { in(room: string): { disconnectSockets(close?: boolean): unknown } } };

/**
 * Disconnects every socket of a login session on every interface server
 * (logout). Their clients reconnect as who their cookie now says.
 */
export function disconnectSession(reach: SocketReach, namespaces: readonly string[], sessionId: string): void {
  for (const namespace of namespaces) reach.of(namespace).in(sessionRoom(sessionId)).disconnectSockets(true);
}

/**
 * Disconnects every socket of a user on every interface server, after their
 * rights changed or they were deleted: the sockets' scopes were built at the
 * handshake, so their clients reconnect with what the session now allows.
 */
export function disconnectUser(reach: SocketReach, namespaces: readonly string[], userId: string): void {
  for (const namespace of namespaces) reach.of(namespace).in(userRoom(userId)).disconnectSockets(true);
}

/** Options of `watchSessions`. */
export type SessionWatchOptions = {
  /** The live users of the given session ids (SessionStore.liveUsers). */
  liveUsers(sessionIds: readonly string[]): Promise<Map<string, SessionUser>>;
  /** How often this server re-checks its sockets' sessions (SESSION_RECHECK_SECONDS), in ms. */
  everyMs: number;
  /** Where failures are reported. Default console.error. */
  log?: (message: string) => void;
};

/**
 * Keeps logged-in sockets' rights live. Each such socket joins its user's and
 * its session's rooms (so `disconnectSession`/`disconnectUser` reach it from
 * any process), and every `everyMs` this server looks up the sessions of all
 * its sockets in one query (not a timer per socket): a socket whose session
 * ended (expiry, logout elsewhere, user deleted) or whose user's name or
 * staff flag changed is disconnected, so revocations made by any means (SQL
 * included) take effect within the interval. Returns a function that stops it.
 */
export function watchSessions(io: Server, namespaces: readonly string[], options: SessionWatchOptions): () => void {
  const log = options.log ?? ((message: string) => console.error(message));
  for (const namespace of namespaces) {
    io.of(namespace).on('connection', (socket: Socket) => {
      const { user, sessionId } = socket.data as SocketData;
      if (user && sessionId) void socket.join([userRoom(user.id), sessionRoom(sessionId)]);
    });
  }
  let running = false;
  let failing = false;
  const recheck = async () => {
    const sockets = namespaces.flatMap((namespace) => [...io.of(namespace).sockets.values()]);
    const ids = [...new Set(sockets.map((socket) => (socket.data as SocketData).sessionId).filter((id): id is string => !!id))];
    if (ids.length === 0) return;
    const live = await options.liveUsers(ids);
    for (const socket of sockets) {
      const { user, sessionId } = socket.data as SocketData;
      if (!user || !sessionId) continue;
      const now = live.get(sessionId);
      if (!now || now.isStaff !== user.isStaff || now.username !== user.username) socket.disconnect(true);
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    recheck()
      .then(() => (failing = false))
      .catch((error: unknown) => {
        // Keep the sockets: an outage of PostgreSQL is no reason to drop everyone. Retried next interval.
        if (!failing) log(`[switchyard] re-checking sessions failed (${(error as Error).message}); retrying every ${options.everyMs} ms`);
        failing = true;
      })
      .finally(() => (running = false));
  }, options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
