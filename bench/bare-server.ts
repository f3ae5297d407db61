import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/**
 * The fan-out bench's ceiling: a bare Socket.IO server in one process, no
 * framework. Every client joins one room; a connection that says it is the
 * publisher (`auth: { role: 'publisher' }`) sends `bench.trigger` with a
 * payload, and the server broadcasts it to the room — the closest bare
 * equivalent of a broadcast from a separate process. On `/chat`, `room.join`
 * joins the named room and acknowledges with how many are in it (what
 * bench:connection-cost measures a chat join against).
 *
 * Usage: node --import tsx bench/bare-server.ts <port>; sends `{ type: 'ready', port }` over IPC.
 */
const ROOM = 'announcements';

const http = createServer((_request, response) => {
  response.writeHead(404);
  response.end();
});
// The same engine options as a Switchyard interface server (server/interface-server.ts).
const io = new Server(http, { transports: ['websocket'], serveClient: false });

io.on('connection', (socket) => {
  if ((socket.handshake.auth as { role?: unknown }).role === 'publisher') {
    socket.on('bench.trigger', (payload: unknown) => void io.to(ROOM).emit('announcement.posted', payload));
    return;
  }
  void socket.join(ROOM);
});

io.of('/chat').on('connection', (socket) => {
  socket.on('room.join', (payload: { room?: unknown }, ack?: (reply: unknown) => void) => {
    const room = `chat.room.${String(payload?.room)}`;
    void socket.join(room);
    ack?.({ ok: true, data: { history: [], presence: { count: socket.nsp.adapter.rooms.get(room)?.size ?? 0 } } });
  });
});

// Exit (rather than die) on the bench's SIGTERM, so a --cpu-prof profile gets written.
process.on('SIGTERM', () => process.exit(0));
http.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (http.address() as AddressInfo).port });
});
