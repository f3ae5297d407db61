import type { Socket } from 'socket.io';

/** Socket.IO namespace middleware: runs at handshake; `next(error)` refuses the connection with that error. */
export type ConnectionMiddleware = (socket: Socket, next: (error?: Error) => void) => void;

/** Wraps an async check as Socket.IO middleware; a thrown error refuses the connection. */
export function connectionMiddleware(check: (socket: Socket) => Promise<void> | void): ConnectionMiddleware {
  return (socket, next) => {
    Promise.resolve()
      .then(() => check(socket))
      .then(() => next(), (error: Error) => next(error));
  };
}
