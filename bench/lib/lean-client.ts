import type { ClientEvents } from './client-events.ts';

/**
 * A minimal Socket.IO client for load generation: the Socket.IO v5 protocol
 * over Engine.IO v4 on Node's built-in WebSocket (Node 20 needs
 * --experimental-websocket), root namespace, no reconnection, no acks. It
 * answers pings and decodes only events; that spends markedly less CPU per
 * received event than socket.io-client, so on a small machine the clients take
 * less CPU away from the servers being measured.
 */
export function openLeanClient(url: string, timeoutMs: number, events: ClientEvents): void {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  let state: 'opening' | 'connected' | 'closed' = 'opening';
  const fail = (error: Error) => {
    if (state !== 'opening') return;
    state = 'closed';
    clearTimeout(timer);
    ws.close();
    events.failed(error);
  };
  const timer = setTimeout(() => fail(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
  ws.onerror = () => fail(new Error('WebSocket error'));
  ws.onclose = () => {
    if (state === 'connected') events.disconnected();
    fail(new Error('closed while connecting'));
    state = 'closed';
  };
  // Engine.IO packet types: 0 open, 1 close, 2 ping, 3 pong, 4 message; a
  // message carries a Socket.IO packet: 0 connect, 1 disconnect, 2 event, 4 connect error.
  ws.onmessage = ({ data }: MessageEvent) => {
    if (typeof data !== 'string') return;
    if (data.startsWith('42')) {
      const [event, payload] = JSON.parse(data.slice(2)) as [string, { text?: unknown }];
      if (event === 'announcement.posted') events.announcement(payload);
    } else if (data === '2') {
      ws.send('3');
    } else if (data.startsWith('0')) {
      ws.send('40');
    } else if (data.startsWith('40')) {
      state = 'connected';
      clearTimeout(timer);
      events.connected();
    } else if (data.startsWith('44')) {
      fail(new Error(`connection refused: ${data.slice(2)}`));
    } else if (data === '1' || data === '41') {
      ws.close();
    }
  };
}
