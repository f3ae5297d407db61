import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealtimeClient } from '../../client/realtime-client.ts';
import type { RealtimeClient } from '../../client/realtime-client.ts';
import { migrateSlot } from '../testing/migrate-slot.ts';
import { redisBackend } from '../testing/redis-backends.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';
import type { InterfaceLayer } from './channel-layer.ts';
import { closeRedis, connectRedis } from './redis-connection.ts';
import { createRedisLayer } from './redis-layer.ts';
import { createReplyChannelSigner } from './reply-channel-token.ts';
import { roomChannel } from './sharded-channels.ts';
import { groupRoom } from './rooms.ts';
import { pubsubKey } from './sockets-publisher.ts';
import { app } from '../features/index.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Sending goes on this long after the move: past the cluster client's slot refresh and resubscription.
const SEND_AFTER_MOVE_MS = 4000;
const RESUBSCRIBED_MS = 3000;

/**
 * The sharded adapter carries a group's messages on one channel, the
 * namespace's partition its room hashes to (sharded-channels.ts). When that
 * channel's slot moves to another primary, the old one
 * drops the interface server's subscription and publishers follow MOVED to
 * the new one before the server has subscribed there: group messages
 * published in between reach no one. Group messages are live only; what
 * makes them whole is the server noticing once it has resubscribed and
 * closing its clients' transports, so they reconnect and catch up as after
 * any interruption (redis-recovery.ts; the liveblog and chat catch-ups are
 * `npm run drills -- redis-failover`). So: the client was made to reconnect,
 * every message it did not get live was sent before it was connected again,
 * and none arrived twice.
 */
describe('a namespace partition whose slot migrates (Redis Cluster)', () => {
  const { target, env } = redisBackend('cluster');
  let server: TestServer;
  let publisher: InterfaceLayer;
  let admin: Cluster;
  let client: RealtimeClient | undefined;
  beforeAll(async () => {
    server = await startTestServer({ ...env, CHANNEL_LAYER: 'redis' });
    publisher = createRedisLayer({ protocol: app.index, ...server.config, prefix: server.config.redisPrefix });
    admin = connectRedis(target, { name: 'namespace-slot-migration-test' }) as Cluster;
  });
  afterAll(async () => {
    client?.close();
    await publisher?.close();
    await closeRedis(admin);
    await server?.close();
  });

  it('makes the client catch up on every group message the move swallowed', async () => {
    // The app's own client: it presents its reply channel again on reconnecting, so it is back in its groups.
    client = createRealtimeClient({ url: server.url, storage: null });
    const received = new Map<string, number>();
    client.onGroupEvent('/', 'notice.posted', ({ text }) => void received.set(text, (received.get(text) ?? 0) + 1));
    let sent = 0;
    const realtime = client;
    // How many messages had been sent each time the client was connected again.
    const reconnects: number[] = [];
    let connected = false;
    realtime.onStatusChange(() => {
      const now = realtime.status('/') === 'connected';
      if (now && !connected && sent > 0) reconnects.push(sent);
      connected = now;
    });
    realtime.open();
    const replyChannel = createReplyChannelSigner(server.config.secretKey).verify(await realtime.replyToken()) ?? '';
    const group = 'slot-migration.group';
    await publisher.groupAdd(group, replyChannel);
    const send = () => publisher.groupSend(group, 'notice.posted', { text: String((sent += 1)) });
    for (let i = 0; i < 5; i += 1) await send();
    await waitFor('the first messages', 5000, () => received.size === 5 || undefined);
    const slot = Number(await admin.call('CLUSTER', 'KEYSLOT', roomChannel(pubsubKey(server.config.redisPrefix), '/', groupRoom(group), server.config.pubsubPartitions)));
    let sending = true;
    const sender = (async () => {
      while (sending) {
        await send();
        await sleep(20);
      }
    })();
    const move = await migrateSlot(admin, slot);
    try {
      await sleep(SEND_AFTER_MOVE_MS);
      sending = false;
      await sender;
      await sleep(500);
      const missed = Array.from({ length: sent }, (_, i) => i + 1).filter((n) => !received.has(String(n)));
      expect(reconnects.length).toBeGreaterThan(0);
      expect(missed.filter((n) => n > Math.max(...reconnects))).toEqual([]);
      expect([...received.values()].filter((count) => count > 1)).toEqual([]);
    } finally {
      await migrateSlot(admin, slot, { toId: move.from });
      // Let the server resubscribe on the slot's first primary before it shuts down.
      await sleep(RESUBSCRIBED_MS);
    }
  }, 40_000);
});
