import type { Server } from 'socket.io';
import type { SocketData } from '../scope.ts';
import type { LayerStore } from './layer-backend.ts';
import { logger } from '../log/logger.ts';

const log = logger.child({ module: 'holder-records' });

/**
 * Renews, every `everyMs`, this server's holder record of each reply channel
 * whose socket came back to it and is still connected (channel-layer.ts): the
 * record lives for the group expiry, a socket may stay connected longer, and
 * a server that issued the channel would otherwise join or leave groups for
 * it without telling this one. A socket that got a fresh channel here needs
 * none: the channel names this server. Returns a function that stops it.
 */
export function keepHoldingChannels(server: { io: Server; holder: string }, store: Pick<LayerStore, 'keepHolding'>, options: { namespaces: readonly string[]; everyMs: number }): () => void {
  const renew = async () => {
    const channels = new Set<string>();
    for (const namespace of options.namespaces) {
      for (const socket of server.io.of(namespace).sockets.values()) {
        const data = socket.data as SocketData;
        if (data.replyChannel && data.freshReplyChannel === false) channels.add(data.replyChannel);
      }
    }
    await store.keepHolding([...channels], server.holder);
  };
  const timer = setInterval(() => {
    renew().catch((error: unknown) => log.error({ err: error }, 'renewing holder records failed; next try in one period'));
  }, options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
