/**
 * A minimal Socket.IO client of the `/chat` namespace for load generation:
 * Engine.IO v4 over Node's built-in WebSocket, events and acks only, no
 * reconnection. Like lib/lean-client.ts it spends far less CPU per event than
 * socket.io-client, so the clients take less CPU from the servers measured.
 */
export type ChatLeanClient = {
  /** Emits `event` with an ack; resolves with the ack's first argument. */
  request(event: string, payload: unknown, timeoutMs: number): Promise<unknown>;
  close(): void;
};

const NSP = '/chat,';

/** Connects to `url`'s `/chat` namespace; resolves once the server has sent `reply.assigned` (the connection is set up). */
export function openChatClient(url: string, timeoutMs: number, onEvent: (event: string, payload: unknown) => void): Promise<ChatLeanClient> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const pending = new Map<number, (value: unknown) => void>();
  let nextAck = 1;
  const client: ChatLeanClient = {
    request(event, payload, ms) {
      const id = nextAck++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`no ack for ${event} within ${ms} ms`));
        }, ms);
        pending.set(id, (value) => {
          clearTimeout(timer);
          resolve(value);
        });
        ws.send(`42${NSP}${id}${JSON.stringify([event, payload])}`);
      });
    },
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.close();
      reject(error);
    };
    ws.onerror = () => fail(new Error('WebSocket error'));
    ws.onclose = () => fail(new Error('closed while connecting'));
    // Engine.IO: 0 open, 2 ping, 3 pong, 4 message; Socket.IO: 0 connect, 2 event, 3 ack, 4 connect error.
    ws.onmessage = ({ data }: MessageEvent) => {
      if (typeof data !== 'string') return;
      if (data === '2') return ws.send('3');
      if (data.startsWith('0')) return ws.send(`40${NSP}{}`);
      if (data.startsWith(`44${NSP}`)) return fail(new Error(`connection refused: ${data.slice(4 + NSP.length)}`));
      if (data.startsWith(`43${NSP}`)) {
        const body = data.slice(2 + NSP.length);
        const bracket = body.indexOf('[');
        const answer = pending.get(Number(body.slice(0, bracket)));
        pending.delete(Number(body.slice(0, bracket)));
        answer?.((JSON.parse(body.slice(bracket)) as unknown[])[0]);
        return;
      }
      if (data.startsWith(`42${NSP}`)) {
        const [event, payload] = JSON.parse(data.slice(2 + NSP.length)) as [string, unknown];
        if (event === 'reply.assigned' && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve(client);
        }
        onEvent(event, payload);
      }
    };
  });
}
