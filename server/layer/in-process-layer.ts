import type { Server } from 'socket.io';
import { createChannelLayer } from './channel-layer.ts';
import type { InterfaceLayer } from './channel-layer.ts';
import type { LayerOptions, StoreTimings } from './layer-backend.ts';
import { createMemoryStore } from './memory-store.ts';
import { serverTransport } from './transports.ts';

/**
 * The channel layer for a single-process deployment: state in memory,
 * broadcasts through this process's Socket.IO server. Only code running in the
 * interface server process can use it; use the Redis layer to reach sockets
 * from workers and scripts.
 */
export function createInProcessLayer(io: Server, options: StoreTimings & LayerOptions): InterfaceLayer {
  return createChannelLayer(createMemoryStore(options), serverTransport(io), options);
}
