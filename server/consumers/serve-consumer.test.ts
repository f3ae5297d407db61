import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys } from '../../bench/lib/redis-cleanup.ts';
import { groupRoom } from '../layer/rooms.ts';
import { ANNOUNCEMENTS_GROUP } from '../protocol/kit-protocol.ts';
import type { SocketData } from '../scope.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

/**
 * Opens a raw client that emits `event` the moment its socket is connected,
 * before the server has finished setting the connection up (reply channel,
 * groups, the consumer's connect), and resolves with what it saw, in order.
 */
async function eagerClient(url: string, event: string, auth: Record<string, unknown> = {}): Promise<{ seen: string[]; socket: Socket }> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth });
  const seen: string[] = [];
  socket.onAny((name: string) => seen.push(name));
  const assigned = new Promise<void>((resolve) => socket.once('reply.assigned', () => resolve()));
  const answered = new Promise<void>((resolve) => {
    socket.once('connect', () => {
      void socket.emitWithAck(event, {}).then((ack: { ok: boolean }) => {
        seen.push(`ack ${String(ack.ok)}`);
        resolve();
      });
    });
  });
  await Promise.all([assigned, answered]);
  return { seen, socket };
}

// One server for every spec of this file.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  await deleteKeys(server.config.redisUrl, server.config.redisPrefix);
});

describe('events that arrive while the connection is being set up', () => {
  it('are handled after setup completes: the answer comes after reply.assigned', async () => {
    for (let i = 0; i < 5; i += 1) {
      const { seen, socket } = await eagerClient(server.url, 'session.describe');
      expect(seen.filter((name) => name === 'reply.assigned' || name.startsWith('ack'))).toEqual(['reply.assigned', 'ack true']);
      socket.close();
    }
  });

  it('are handled after setup completes for a client that comes back with its token (more setup work)', async () => {
    const first = await server.connect();
    first.close();
    const { seen, socket } = await eagerClient(server.url, 'session.describe', { reply: first.replyToken, lastSeq: 0 });
    expect(seen.filter((name) => name === 'reply.assigned' || name.startsWith('ack'))).toEqual(['reply.assigned', 'ack true']);
    socket.close();
  });
});

describe('groups a fresh connection joins alone (a consumer’s connect, before its token is out)', () => {
  /** The socket of `replyChannel` in `namespace` on this server. */
  const socketOf = (namespace: string, replyChannel: string) =>
    [...server.server.io.of(namespace).sockets.values()].find((socket) => (socket.data as SocketData).replyChannel === replyChannel);

  it('are joined on its socket and stored for the reply channel: its next socket, in another namespace, is in them too', async () => {
    const first = await server.connect();
    const group = 'serve-consumer.alone';
    await server.server.layer.groupAddAlone(group, first.replyChannel, socketOf('/', first.replyChannel)!);
    expect(socketOf('/', first.replyChannel)?.rooms.has(groupRoom(group))).toBe(true);
    const second = await server.connect({ namespace: '/liveblog', auth: { reply: first.replyToken, lastSeq: 0 } });
    expect(second.replyChannel).toBe(first.replyChannel);
    expect(socketOf('/liveblog', first.replyChannel)?.rooms.has(groupRoom(group))).toBe(true);
    first.close();
    second.close();
  });

  it('joined by the connection alone (the root namespace’s announcements) are not stored: its next socket is not in them', async () => {
    const first = await server.connect();
    expect(socketOf('/', first.replyChannel)?.rooms.has(groupRoom(ANNOUNCEMENTS_GROUP))).toBe(true);
    const second = await server.connect({ namespace: '/liveblog', auth: { reply: first.replyToken, lastSeq: 0 } });
    expect(socketOf('/liveblog', first.replyChannel)?.rooms.has(groupRoom(ANNOUNCEMENTS_GROUP))).toBe(false);
    first.close();
    second.close();
  });
});
