/**
 * A minimal Socket.IO client connection for processes that hold many of them
 * (load and drill clients): one namespace, the Socket.IO v5 protocol over
 * Engine.IO v4 on Node's built-in WebSocket (Node 20 needs
 * --experimental-websocket). It answers pings, decodes events and acks, and
 * nothing else: no reconnection (the caller decides when), no binary packets.
 */

/** What a lean socket reports. */
export type LeanSocketEvents = {
  /** The namespace accepted the connection. */
  connected(): void;
  /** An event from the server (group events and `reply.message` alike). */
  event(name: string, payload: unknown): void;
  /** The connection is over, or never opened; called once. */
  closed(reason: string): void;
  /** How far the handshake got: the WebSocket opened (TCP accept and HTTP upgrade done), then Engine.IO's open packet came. */
  progress?(stage: HandshakeStage): void;
};

/** Stages of a lean socket's handshake before the namespace accepts it. */
export type HandshakeStage = 'websocket' | 'engine';

/** An open (or opening) lean socket. */
export type LeanSocket = {
  /** Emits an event with an ack and resolves with the answer; rejects after `timeoutMs` or when the socket closes. */
  request<T = unknown>(event: string, payload: unknown, timeoutMs: number): Promise<T>;
  close(): void;
};

// Engine.IO packet types: 0 open, 1 close, 2 ping, 3 pong, 4 message. A message
// carries a Socket.IO packet: 0 connect, 1 disconnect, 2 event, 3 ack, 4 connect error.
const SOCKET_IO_PACKET = /^4([0-4])(?:(\/[^,]*),)?(\d*)(.*)$/s;

/** Opens a connection to `namespace` of the server at `url` (http://host:port), with handshake `auth`. */
export function openLeanSocket(url: string, namespace: string, events: LeanSocketEvents, auth: object = {}): LeanSocket {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const prefix = namespace === '/' ? '' : `${namespace},`;
  const pending = new Map<number, { resolve: (answer: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let nextAck = 0;
  let open = true;

  const finish = (reason: string) => {
    if (!open) return;
    open = false;
    for (const { reject, timer } of pending.values()) {
      clearTimeout(timer);
      reject(new Error(`connection closed: ${reason}`));
    }
    pending.clear();
    ws.close();
    events.closed(reason);
  };
  ws.onopen = () => events.progress?.('websocket');
  ws.onerror = () => finish('WebSocket error');
  ws.onclose = () => finish('closed');
  ws.onmessage = ({ data }: MessageEvent) => {
    if (typeof data !== 'string') return;
    if (data === '2') return ws.send('3');
    if (data.startsWith('0')) {
      events.progress?.('engine');
      return ws.send(`40${prefix}${JSON.stringify(auth)}`);
    }
    if (data === '1') return finish('closed by the server');
    const packet = SOCKET_IO_PACKET.exec(data);
    if (!packet || (packet[2] ?? '/') !== namespace) return;
    const [, type, , id, body] = packet;
    if (type === '0') return events.connected();
    if (type === '1') return finish('disconnected by the server');
    if (type === '4') return finish(`refused: ${body}`);
    const args = JSON.parse(body ?? '[]') as unknown[];
    if (type === '2') return events.event(String(args[0]), args[1]);
    const waiter = pending.get(Number(id));
    if (type === '3' && waiter) {
      pending.delete(Number(id));
      clearTimeout(waiter.timer);
      waiter.resolve(args[0]);
    }
  };

  return {
    request<T>(event: string, payload: unknown, timeoutMs: number) {
      return new Promise<T>((resolve, reject) => {
        if (!open) return reject(new Error('connection closed'));
        const id = nextAck++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`no answer to "${event}" within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (answer: unknown) => void, reject, timer });
        ws.send(`42${prefix}${id}${JSON.stringify([event, payload])}`);
      });
    },
    close: () => finish('closed by the client'),
  };
}
