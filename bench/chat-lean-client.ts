import { openLeanSocket } from './lib/lean-socket.ts';
import type { LeanSocket } from './lib/lean-socket.ts';

/** A lean socket on the `/chat` namespace (bench/lib/lean-socket.ts): events and acks, no reconnection. */
export type ChatLeanClient = LeanSocket;

/** Connects to `url`'s `/chat` namespace; resolves once the server has sent `reply.assigned` (the connection is set up). */
export function openChatClient(url: string, timeoutMs: number, onEvent: (event: string, payload: unknown) => void): Promise<ChatLeanClient> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        socket.close();
        reject(error);
      } else {
        resolve(socket);
      }
    };
    const timer = setTimeout(() => settle(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    const socket = openLeanSocket(url, '/chat', {
      connected: () => {},
      event(name, payload) {
        if (name === 'reply.assigned') settle();
        onEvent(name, payload);
      },
      closed: (reason) => settle(new Error(`connection ${reason}`)),
    });
  });
}
