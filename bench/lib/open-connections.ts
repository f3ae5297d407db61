import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';

/** A chat room to join right after connecting (`/chat`'s `room.join`, as a guest). */
export type JoinSpec = { room: (i: number) => string; displayName: (i: number) => string };

/**
 * Opens `count` connections to `url` (a namespace URL), `concurrency`
 * handshakes in flight; with `join`, each connection then sends `room.join`
 * and counts as open once its acknowledgement is back. Rejects on the first
 * failure (a refused handshake or join).
 */
export async function openConnections(url: string, count: number, concurrency: number, join?: JoinSpec): Promise<Socket[]> {
  const sockets: Socket[] = [];
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
      sockets.push(socket);
      socket.once('connect_error', reject);
      socket.once('connect', () => {
        if (!join) return resolve();
        socket.emit('room.join', { room: join.room(i), displayName: join.displayName(i) }, (reply: { ok: boolean; error?: { message?: string } }) => {
          if (reply.ok) resolve();
          else reject(new Error(`room.join refused: ${reply.error?.message ?? JSON.stringify(reply)}`));
        });
      });
    });
  const lane = async () => {
    while (next < count) {
      next += 1;
      await one(next - 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return sockets;
}
