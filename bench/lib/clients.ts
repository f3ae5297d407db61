import { io } from 'socket.io-client';
import type { ClientEvents } from './client-events.ts';
import { openLeanClient } from './lean-client.ts';

export type { ClientEvents } from './client-events.ts';

/** Opens one client connection to a Socket.IO server's root namespace, without reconnection. */
export type OpenClient = (url: string, timeoutMs: number, events: ClientEvents) => void;

/** Which client the generators use: the real socket.io-client, or the bench's lean protocol client. */
export type ClientKind = 'socket.io-client' | 'lean';

/** The opener for a kind of client. */
export function clientOpener(kind: ClientKind): OpenClient {
  return kind === 'lean' ? openLeanClient : openSocketIoClient;
}

/**
 * socket.io-client, as a browser uses it but WebSocket only. `forceNew`, or
 * every client to one URL would share a single multiplexed connection.
 */
function openSocketIoClient(url: string, timeoutMs: number, events: ClientEvents): void {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs });
  socket.on('announcement.posted', events.announcement);
  socket.once('connect', () => {
    socket.off('connect_error');
    socket.on('disconnect', events.disconnected);
    events.connected();
  });
  socket.once('connect_error', (error: Error) => {
    socket.off('connect');
    socket.close();
    events.failed(error);
  });
}
