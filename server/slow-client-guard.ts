import type { Server } from 'socket.io';
import { logger } from './log/logger.ts';

const defaultLog = logger.child({ module: 'slow-client-guard' });

/**
 * The parts of engine.io's socket (6.x) and ws's WebSocket (8.x) the guard
 * reads: confined to this module, and pinned by `npm run drills` (slow-client).
 */
type EngineSocket = {
  writeBuffer: { data?: unknown }[];
  transport: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
};

/** Options of the slow-client guard. */
export type SlowClientGuardOptions = {
  /** Unsent bytes a connection may have waiting before it is dropped (MAX_SOCKET_BUFFER_BYTES). */
  maxBytes: number;
  /** How often every connection is checked. Default 500 ms. */
  intervalMs?: number;
  /** Where drops are reported. Default: the log, as warnings. */
  log?: (message: string) => void;
  /** Called for each connection dropped (counted in /metrics). */
  onDrop?: () => void;
};

/** Bytes queued for one connection and not yet handed to the kernel: engine.io's write buffer plus ws's. */
export function unsentBytes(socket: EngineSocket): number {
  let bytes = socket.transport.socket?.bufferedAmount ?? 0;
  for (const packet of socket.writeBuffer) {
    const data = packet.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes += data.byteLength;
  }
  return bytes;
}

/**
 * Disconnects clients that stop reading. Socket.IO queues whatever is sent to
 * a connection whose peer does not read (the kernel's socket buffer fills,
 * then ws's buffer, then engine.io's write buffer) without any limit, so one
 * stalled client in a busy group would hold ever more of the server's memory.
 * Every `intervalMs` this sums each connection's unsent bytes and drops the
 * connections above `maxBytes` at once (the queued data is discarded). Such a
 * client, if it ever reads again, reconnects and catches up like after any
 * disconnect. Returns a function that stops the checks.
 */
export function guardSlowClients(io: Server, options: SlowClientGuardOptions): () => void {
  const log = options.log ?? ((message: string) => defaultLog.warn(message));
  const timer = setInterval(() => {
    const clients = (io.engine as unknown as { clients: Record<string, EngineSocket> }).clients;
    for (const socket of Object.values(clients)) {
      const bytes = unsentBytes(socket);
      if (bytes <= options.maxBytes) continue;
      options.onDrop?.();
      log(`dropped a connection that stopped reading: ${bytes} bytes unsent, more than MAX_SOCKET_BUFFER_BYTES (${options.maxBytes})`);
      // terminate() frees ws's buffer now; a polite close would wait for the peer to read it.
      socket.transport.socket?.terminate?.();
      socket.close(true);
    }
  }, options.intervalMs ?? 500);
  timer.unref();
  return () => clearInterval(timer);
}
