import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelLayer } from '../../layer/channel-layer.ts';
import type { PresenceChanged } from './chat-protocol.ts';
import type { SocketCommunicator } from '../../testing/socket-communicator.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';
import { joinRoom } from './testing/chat-test-cluster.ts';
import { createPresenceBatcher } from './presence-batcher.ts';
import type { PresenceBatcherOptions, PresenceChange } from './presence-batcher.ts';
import { createChatServices } from './chat-services.ts';
import type { ChatServices } from './chat-services.ts';

const WINDOW_MS = 100;
const LIST_MAX = 3;

/**
 * What one `presence.changed` carries, through a real interface server's
 * layer to a real client in the room: the changes of a window in version
 * order; the whole list when more changed than a list names; the count
 * alone for a room bigger than a list (or names too long for one message);
 * and a batch the layer failed to send goes out later, merged with what came
 * since, in order.
 */
describe('presence batcher', () => {
  let server: TestServer;
  let member: SocketCommunicator;
  let room: string;
  let memberId: string;
  // The server's presence, read from Redis by a second instance of the chat services.
  let chat: ChatServices;
  beforeAll(async () => {
    server = await startTestServer({ MAX_MESSAGE_BYTES: '1024' });
    const { config } = server;
    chat = createChatServices({ db: server.db, redis: config, prefix: config.redisPrefix, secretKey: config.secretKey, limits: config.chat, layer: () => server.server.layer });
    room = `batch-${randomBytes(4).toString('hex')}`;
    member = await server.connect({ namespace: '/chat' });
    memberId = (await joinRoom(member, room, 'member')).you.id;
    // Drop the member's own arrival, if it reached them.
    await new Promise((resolve) => setTimeout(resolve, 3 * server.config.chat.presenceBatchMs));
    while (member.pending().includes('presence.changed')) await member.receive('presence.changed');
  });
  afterAll(async () => {
    await server?.db.chatRoom.deleteMany({ where: { name: room } });
    await chat?.close();
    await server?.close();
  });

  const batcher = (options: Partial<PresenceBatcherOptions> = {}) =>
    createPresenceBatcher({
      layer: () => server.server.layer,
      windowMs: WINDOW_MS,
      listMax: LIST_MAX,
      snapshot: (r) => chat.presence.snapshot(r),
      lobby: () => chat.presence.rooms(),
      report: () => {},
      ...options,
    });
  let version = 1_000;
  const arrival = (name: string, count: number): PresenceChange => ({
    kind: 'joined',
    room,
    member: { id: `v:${name}`, name, verified: false },
    count,
    version: (version += 1),
  });
  const next = () => member.receive<PresenceChanged>('presence.changed');

  it('sends a quiet room’s change at once, and the rest of the window as one event in version order', async () => {
    const presence = batcher();
    const [a, b, c] = [arrival('a', 2), arrival('b', 3), arrival('c', 2)];
    presence.add(a);
    expect(await next()).toEqual({ room, count: 2, version: a.version, changes: [{ kind: 'joined', member: a.member, version: a.version }] });
    presence.add(c);
    presence.add(b);
    expect(await next()).toEqual({ room, count: 2, version: c.version, changes: [b, c].map(({ kind, member: m, version: v }) => ({ kind, member: m, version: v })) });
    await presence.drain();
  });

  it('sends the whole list when more changed than a list names, and the count alone for a room bigger than a list', async () => {
    const presence = batcher();
    presence.add(arrival('first', 2));
    await next();
    for (let i = 0; i < LIST_MAX + 1; i += 1) presence.add(arrival(`churn-${i}`, 2));
    const whole = await next();
    expect(whole).toMatchObject({ room, count: 1, members: [{ id: memberId, name: 'member', verified: false }] });
    expect(whole.changes).toBeUndefined();
    const crowd = arrival('crowd', LIST_MAX + 1);
    presence.add(crowd);
    expect(await next()).toEqual({ room, count: LIST_MAX + 1, version: crowd.version });
    await presence.drain();
  });

  it('sends the count alone when the names would not fit in one message (MAX_MESSAGE_BYTES)', async () => {
    const presence = batcher();
    const long = { ...arrival('x', 2), member: { id: `v:${'x'.repeat(2000)}`, name: 'long', verified: false } };
    presence.add(long);
    expect(await next()).toEqual({ room, count: 2, version: long.version });
    await presence.drain();
  });

  it('keeps a batch the layer failed to send and sends it with what came since, in version order', async () => {
    let failures = 1;
    const layer = server.server.layer;
    const flaky: ChannelLayer = {
      ...layer,
      async groupSend(group, event, payload) {
        if (failures-- > 0) throw new Error('Redis is briefly away');
        return layer.groupSend(group, event, payload);
      },
    };
    const presence = batcher({ layer: () => flaky });
    const [lost, later] = [arrival('lost', 2), arrival('later', 3)];
    presence.add(lost);
    presence.add(later);
    const event = await next();
    expect(event.changes?.map((c) => c.member.name)).toEqual(['lost', 'later']);
    expect(event).toMatchObject({ count: 3, version: later.version });
    await presence.drain();
  });
});
