import { describe, expect, it } from 'vitest';
import { migrateSlot } from '../testing/migrate-slot.ts';
import { clusterLayerStack } from '../testing/cluster-layer-stack.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Redis Cluster moves slots between primaries (resharding, a new shard).
 * While a reply channel's slot moves, its sender meets ASK (a key already on
 * the target), TRYAGAIN (the append script's two keys split between the
 * nodes) and then MOVED; the client retries each, so no message is lost,
 * duplicated or renumbered, and the buffer arrives whole on the new primary.
 */
describe('a reply channel whose slot migrates (Redis Cluster)', () => {
  const stack = clusterLayerStack('slot-migration-test');

  it('loses, repeats and reorders nothing sent during the move, live or replayed', async () => {
    const client = await stack.server.connect();
    const slot = Number(await stack.admin.call('CLUSTER', 'KEYSLOT', client.replyChannel));
    let sent = 0;
    const send = () => stack.publisher.send(client.replyChannel, 'notice.posted', { text: String((sent += 1)) });
    for (let i = 0; i < 5; i += 1) await send(); // the slot now holds the channel's sequence and buffer
    let moving = true;
    let sentDuringMove = 0;
    const sending = (async () => {
      while (moving) {
        await send();
        sentDuringMove += 1;
        await sleep(2);
      }
    })();
    const move = await migrateSlot(stack.admin, slot, { pauseMs: 300 });
    try {
      moving = false;
      await sending;
      for (let i = 0; i < 5; i += 1) await send(); // after the move: MOVED, then the new primary
      expect(sentDuringMove).toBeGreaterThan(10);
      const live: number[] = [];
      for (let i = 0; i < sent; i += 1) live.push((await client.receive<{ seq: number }>('reply.message')).seq);
      expect(live).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
      await client.receiveNothing('reply.message');
      const replayed = await client.request<{ messages: { seq: number; payload: { text: string } }[] }>('reply.fetch', { after: 0 });
      expect(replayed).toMatchObject({ ok: true });
      const messages = replayed.ok ? replayed.data.messages : [];
      expect(messages.map((m) => [m.seq, m.payload.text])).toEqual(Array.from({ length: sent }, (_, i) => [i + 1, String(i + 1)]));
    } finally {
      await migrateSlot(stack.admin, slot, { toId: move.from });
    }
  }, 30_000);
});
