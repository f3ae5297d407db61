import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';

/**
 * The benches' ceiling: a bare Socket.IO server in one process, no
 * framework: no validation, storage, rate limits, presence or channel layer.
 * - Root namespace (bench:fanout): every client joins one room; a connection
 *   that says it is the publisher (`auth: { role: 'publisher' }`) sends
 *   `bench.trigger` with a payload, and the server broadcasts it to the room —
 *   the closest bare equivalent of a broadcast from a separate process.
 * - `/chat` (bench:connection-cost, bench:chat): `room.join` joins the named
 *   room and acknowledges with how many are in it; `message.send` broadcasts
 *   `chat.message` (Switchyard's payload shape, numbered per room, NOT stored)
 *   to the room, the sender included, and acknowledges with its id.
 * - `/liveblog` (bench:liveblog): `liveblog.follow` joins `liveblog.<slug>`
 *   and acknowledges; the publisher's `bench.post` (a `post.published`
 *   payload) is broadcast to its slug's room as `post.published`.
 * On `/chat` and `/liveblog` a reader gets `reply.assigned` on connecting,
 * the event the bench's lean clients wait for before they join or follow.
 *
 * Usage: node --import tsx bench/bare-server.ts <port>; sends `{ type: 'ready', port }` over IPC.
 */
const ROOM = 'announcements';
type Ack = ((reply: unknown) => void) | undefined;

const http = createServer((_request, response) => {
  response.writeHead(404);
  response.end();
});
// The same engine options as a Switchyard interface server (server/interface-server.ts).
const io = new Server(http, { transports: ['websocket'], serveClient: false });
const isPublisher = (socket: Socket) => (socket.handshake.auth as { role?: unknown }).role === 'publisher';
const assignReply = (socket: Socket) => socket.emit('reply.assigned', { token: socket.id, replyChannel: socket.id, epoch: '0', server: 'bare' });

io.on('connection', (socket) => {
  if (isPublisher(socket)) {
    socket.on('bench.trigger', (payload: unknown) => void io.to(ROOM).emit('announcement.posted', payload));
    return;
  }
  void socket.join(ROOM);
});

const chat = io.of('/chat');
const lastSeq = new Map<string, number>();
chat.on('connection', (socket) => {
  let displayName = 'guest';
  assignReply(socket);
  socket.on('room.join', (payload: { room?: unknown; displayName?: unknown }, ack?: Ack) => {
    const room = `chat.room.${String(payload?.room)}`;
    displayName = String(payload?.displayName ?? displayName);
    void socket.join(room);
    ack?.({ ok: true, data: { history: [], presence: { count: chat.adapter.rooms.get(room)?.size ?? 0 } } });
  });
  socket.on('message.send', (payload: { room?: unknown; body?: unknown; clientId?: unknown }, ack?: Ack) => {
    const name = String(payload?.room);
    const room = `chat.room.${name}`;
    if (!socket.rooms.has(room)) return ack?.({ ok: false, error: { code: 'not_joined', message: `join room "${name}" first` } });
    const seq = String((lastSeq.get(room) ?? 0) + 1);
    lastSeq.set(room, Number(seq));
    const at = new Date().toISOString();
    const clientId = typeof payload?.clientId === 'string' ? payload.clientId : null;
    chat.to(room).emit('chat.message', { room: name, id: seq, seq, author: displayName, verified: false, body: String(payload?.body), at, clientId });
    ack?.({ ok: true, data: { id: seq, seq, at } });
  });
});

const liveblog = io.of('/liveblog');
liveblog.on('connection', (socket) => {
  if (isPublisher(socket)) {
    socket.on('bench.post', (change: { slug?: unknown }) => void liveblog.to(`liveblog.${String(change?.slug)}`).emit('post.published', change));
    return;
  }
  assignReply(socket);
  socket.on('liveblog.follow', (payload: { slug?: unknown }, ack?: Ack) => {
    void socket.join(`liveblog.${String(payload?.slug)}`);
    ack?.({ ok: true, data: { cursor: '0', changes: [], reset: false } });
  });
});

// Exit (rather than die) on the bench's SIGTERM, so a --cpu-prof profile gets written.
process.on('SIGTERM', () => process.exit(0));
http.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (http.address() as AddressInfo).port });
});
