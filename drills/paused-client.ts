import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Socket } from 'node:net';

/**
 * A Socket.IO client written straight onto a TCP socket, so the drill decides
 * when it reads: `pause()` stops reading altogether, as a stalled phone or a
 * stuck proxy does, and the server's writes pile up. Enough of RFC 6455 for
 * that: one handshake, unfragmented text frames, masked sends.
 */
export type PausedClient = {
  /** The reply channel the server assigned (from `reply.assigned`). */
  readonly replyChannel: string;
  /** Bytes read from the socket so far. */
  readonly bytesRead: number;
  /** Stops reading; nothing is answered (not even pings) until `resume`. */
  pause(): void;
  resume(): void;
  /** Resolves when the server has closed (or reset) the connection. */
  readonly closed: Promise<void>;
  destroy(): void;
};

/** Connects to `namespace` of the server at `url` and resolves once its reply channel is assigned. */
export function openPausedClient(url: string, namespace: string): Promise<PausedClient> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  const key = randomBytes(16).toString('base64');
  const prefix = namespace === '/' ? '' : `${namespace},`;
  socket.write(
    `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {}); // a reset is how the server drops it; `closed` reports it
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let bytesRead = 0;
    void closed.then(() => reject(new Error('closed before a reply channel was assigned')));
    socket.on('data', (chunk: Buffer) => {
      bytesRead += chunk.length;
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!buffer.subarray(0, 12).toString().includes(' 101')) return reject(new Error(`no WebSocket upgrade: ${buffer.subarray(0, end)}`));
        upgraded = true;
        buffer = buffer.subarray(end + 4);
      }
      for (let frame = readFrame(buffer); frame; frame = readFrame(buffer)) {
        buffer = buffer.subarray(frame.size);
        const text = frame.text;
        if (text === '2') sendText(socket, '3');
        else if (text.startsWith('0')) sendText(socket, `40${prefix}`);
        else if (text.startsWith(`42${prefix}["reply.assigned"`)) {
          const [, assigned] = JSON.parse(text.slice(2 + prefix.length)) as [string, { replyChannel: string }];
          resolve({
            replyChannel: assigned.replyChannel,
            get bytesRead() {
              return bytesRead;
            },
            pause: () => socket.pause(),
            resume: () => socket.resume(),
            closed,
            destroy: () => socket.destroy(),
          });
        }
      }
    });
  });
}

/** The first complete frame in `buffer` (server frames are not masked), or undefined. */
function readFrame(buffer: Buffer): { text: string; size: number } | undefined {
  if (buffer.length < 2) return undefined;
  let length = (buffer[1] as number) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer.length < offset + length) return undefined;
  return { text: buffer.toString('utf8', offset, offset + length), size: offset + length };
}

/** Sends one masked text frame (clients must mask). */
function sendText(socket: Socket, text: string): void {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const length = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  socket.write(Buffer.concat([length, mask, payload.map((byte, i) => byte ^ (mask[i % 4] as number))]));
}
