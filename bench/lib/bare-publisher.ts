import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';

/**
 * A socket.io-client connection to the bare server (bench/bare-server.ts)
 * that says it is the publisher (`auth: { role: 'publisher' }`): the server
 * broadcasts the trigger events it sends (`bench.trigger` on the root
 * namespace, `bench.post` on `/liveblog`) instead of joining it to a room.
 * Resolves once connected.
 */
export function openBarePublisher(namespaceUrl: string): Promise<Socket> {
  const socket = io(namespaceUrl, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { role: 'publisher' } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
