import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelLayer } from '../layer/channel-layer.ts';
import type { TestServer } from './test-server.ts';

/** What a backend gives the conformance suite: a running server and a layer that publishes to its clients. */
export type ConformanceSetup = {
  server: TestServer;
  /** The layer under test: the server's own (in-process) or another process's view of it (Redis emitter). */
  layer: ChannelLayer;
  close(): Promise<void>;
};

/**
 * The channel layer's specification. Every backend must pass it unchanged:
 * reply channels, groups, reconnects, buffering and validation behave the same
 * whether state lives in Redis or in this process.
 */
export function describeLayerConformance(backend: string, setup: (env: Record<string, string>) => Promise<ConformanceSetup>): void {
  describe(`channel layer conformance: ${backend}`, () => {
    let ctx: ConformanceSetup;
    beforeAll(async () => {
      ctx = await setup({ REPLY_BUFFER_TTL_SECONDS: '2', REPLY_BUFFER_MAX: '5' });
    });
    afterAll(() => ctx.close());

    it('send() reaches the owner of the reply channel, numbered and stamped with its publish time, and nobody else', async () => {
      const [alice, bob] = [await ctx.server.connect(), await ctx.server.connect()];
      const before = Date.now();
      await ctx.layer.send(alice.replyChannel, 'notice.posted', { text: 'for alice' });
      const message = await alice.receive<{ sentAt: number }>('reply.message');
      expect(message).toEqual({
        seq: 1,
        epoch: expect.any(String),
        event: 'notice.posted',
        payload: { text: 'for alice', level: 'info' },
        sentAt: expect.any(Number),
      });
      expect(message.sentAt).toBeGreaterThanOrEqual(before);
      expect(message.sentAt).toBeLessThanOrEqual(Date.now());
      await bob.receiveNothing('reply.message');
    });

    it('groupSend() reaches every member of the group and no one outside it', async () => {
      const group = `test.members-${Date.now()}`;
      const [member, other] = [await ctx.server.connect(), await ctx.server.connect()];
      await ctx.layer.groupAdd(group, member.replyChannel);
      await ctx.layer.groupSend(group, 'notice.posted', { text: 'members only' });
      expect(await member.receive('notice.posted')).toEqual({ text: 'members only', level: 'info' });
      await other.receiveNothing('notice.posted');
    });

    it('groupDiscard() stops delivery to that reply channel', async () => {
      const group = `test.discard-${Date.now()}`;
      const [stays, leaves] = [await ctx.server.connect(), await ctx.server.connect()];
      await ctx.layer.groupAdd(group, stays.replyChannel);
      await ctx.layer.groupAdd(group, leaves.replyChannel);
      await ctx.layer.groupDiscard(group, leaves.replyChannel);
      await ctx.layer.groupSend(group, 'notice.posted', { text: 'after discard' });
      await stays.receive('notice.posted');
      await leaves.receiveNothing('notice.posted');
    });

    it('delivers a group’s messages in the order they were sent', async () => {
      const group = `test.order-${Date.now()}`;
      const client = await ctx.server.connect();
      await ctx.layer.groupAdd(group, client.replyChannel);
      for (let i = 0; i < 20; i += 1) await ctx.layer.groupSend(group, 'notice.posted', { text: String(i) });
      const texts = [];
      for (let i = 0; i < 20; i += 1) texts.push((await client.receive<{ text: string }>('notice.posted')).text);
      expect(texts).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    });

    it('keeps the reply channel and its groups across a reconnect with the token', async () => {
      const group = `test.reconnect-${Date.now()}`;
      const first = await ctx.server.connect();
      await ctx.layer.groupAdd(group, first.replyChannel);
      first.close();
      const again = await ctx.server.connect({ auth: { reply: first.replyToken } });
      expect(again.replyChannel).toBe(first.replyChannel);
      await ctx.layer.groupSend(group, 'notice.posted', { text: 'still a member' });
      expect(await again.receive('notice.posted')).toMatchObject({ text: 'still a member' });
    });

    it('replays what was sent while the client was away, in order, after its lastSeq', async () => {
      const client = await ctx.server.connect();
      await ctx.layer.send(client.replyChannel, 'notice.posted', { text: 'one' });
      await client.receive('reply.message');
      client.close();
      await ctx.layer.send(client.replyChannel, 'notice.posted', { text: 'two' });
      await ctx.layer.send(client.replyChannel, 'notice.posted', { text: 'three' });
      const back = await ctx.server.connect({ auth: { reply: client.replyToken, lastSeq: 1, epoch: client.epoch } });
      expect(await back.receive('reply.message')).toMatchObject({ seq: 2, payload: { text: 'two' } });
      expect(await back.receive('reply.message')).toMatchObject({ seq: 3, payload: { text: 'three' } });
      await back.receiveNothing('reply.message');
      expect(back.pending()).not.toContain('reply.reset');
    });

    it('tells a client whose sequence started over (another epoch) to reset, and replays from the start', async () => {
      const client = await ctx.server.connect();
      client.close();
      await ctx.layer.send(client.replyChannel, 'notice.posted', { text: 'after the restart' });
      const back = await ctx.server.connect({ auth: { reply: client.replyToken, lastSeq: 41, epoch: 'an-old-epoch' } });
      expect(await back.receive('reply.reset')).toEqual({ epoch: back.epoch });
      expect(await back.receive('reply.message')).toMatchObject({ seq: 1, payload: { text: 'after the restart' } });
    });

    it('answers reply.fetch with the buffered messages after a sequence number', async () => {
      const client = await ctx.server.connect();
      for (const text of ['a', 'b', 'c']) await ctx.layer.send(client.replyChannel, 'notice.posted', { text });
      const answer = await client.request<{ messages: { seq: number }[] }>('reply.fetch', { after: 1 });
      expect(answer).toMatchObject({ ok: true, data: { messages: [{ seq: 2 }, { seq: 3 }] } });
    });

    it('buffers at most REPLY_BUFFER_MAX messages and forgets them after the TTL', async () => {
      const client = await ctx.server.connect();
      client.close();
      for (let i = 1; i <= 7; i += 1) await ctx.layer.send(client.replyChannel, 'notice.posted', { text: String(i) });
      const back = await ctx.server.connect({ auth: { reply: client.replyToken, lastSeq: 0 } });
      const seqs = [];
      for (let i = 0; i < 5; i += 1) seqs.push((await back.receive<{ seq: number }>('reply.message')).seq);
      expect(seqs).toEqual([3, 4, 5, 6, 7]);
      back.close();
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const late = await ctx.server.connect({ auth: { reply: client.replyToken, lastSeq: 0 } });
      await late.receiveNothing('reply.message', 300);
    });

    it('numbers each message within an epoch; after a quiet window the sequence starts over with a new epoch', async () => {
      const client = await ctx.server.connect();
      expect(client.epoch).toBe(''); // nothing was sent yet, so nothing is stored
      await ctx.layer.send(client.replyChannel, 'notice.posted', { text: 'first' });
      const first = await client.receive<{ seq: number; epoch: string }>('reply.message');
      expect(first).toMatchObject({ seq: 1, epoch: expect.any(String) });
      await ctx.layer.send(client.replyChannel, 'notice.posted', { text: 'second' });
      expect(await client.receive('reply.message')).toMatchObject({ seq: 2, epoch: first.epoch });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await ctx.layer.send(client.replyChannel, 'notice.posted', { text: 'after the window' });
      const next = await client.receive<{ seq: number; epoch: string }>('reply.message');
      expect(next).toMatchObject({ seq: 1, payload: { text: 'after the window' } });
      expect(next.epoch).not.toBe(first.epoch);
    });

    it('keeps the groups of a channel whose client never came back only for the reply window', async () => {
      const group = `test.fresh-${Date.now()}`;
      const gone = await ctx.server.connect();
      await ctx.layer.groupAdd(group, gone.replyChannel);
      gone.close();
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const back = await ctx.server.connect({ auth: { reply: gone.replyToken } });
      await ctx.layer.groupSend(group, 'notice.posted', { text: 'members only' });
      await back.receiveNothing('notice.posted');
    });

    it('keeps the groups of a client that came back for the full group expiry', async () => {
      const group = `test.returning-${Date.now()}`;
      const first = await ctx.server.connect();
      await ctx.layer.groupAdd(group, first.replyChannel);
      first.close();
      (await ctx.server.connect({ auth: { reply: first.replyToken } })).close();
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const later = await ctx.server.connect({ auth: { reply: first.replyToken } });
      await ctx.layer.groupSend(group, 'notice.posted', { text: 'still a member' });
      expect(await later.receive('notice.posted')).toMatchObject({ text: 'still a member' });
    });

    it('gives a forged or foreign token a fresh reply channel', async () => {
      const victim = await ctx.server.connect();
      const forged = victim.replyToken.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      const attacker = await ctx.server.connect({ auth: { reply: forged } });
      expect(attacker.replyChannel).not.toBe(victim.replyChannel);
      await ctx.layer.send(victim.replyChannel, 'notice.posted', { text: 'private' });
      await victim.receive('reply.message');
      await attacker.receiveNothing('reply.message');
    });

    it('gives each group a change mark that stays until a change is marked, then a new one never given before', async () => {
      const [posts, about] = [`test.marks-${Date.now()}`, `test.marks-${Date.now()}.about`];
      const first = await ctx.layer.changeMarks([posts, about]);
      expect(await ctx.layer.changeMarks([posts, about])).toEqual(first);
      await ctx.layer.markChanged([posts]);
      const second = await ctx.layer.changeMarks([posts, about]);
      expect(second[0]).not.toBe(first[0]);
      expect(second[1]).toBe(first[1]);
      await ctx.layer.markChanged([posts]);
      const third = await ctx.layer.changeMarks([posts]);
      expect([first[0], second[0]]).not.toContain(third[0]);
      const unmarked = `test.unmarked-${Date.now()}`;
      expect(await ctx.layer.changeMarks([unmarked, posts], { create: false })).toEqual([null, third[0]]);
      expect(await ctx.layer.changeMarks([unmarked], { create: false })).toEqual([null]); // the first read wrote nothing
      await expect(ctx.layer.markChanged(['Bad Group!'])).rejects.toThrow(/group name/);
      await expect(ctx.layer.changeMarks(['Bad Group!'])).rejects.toThrow(/group name/);
    });

    it('rejects unknown events, invalid payloads, bad names and oversized messages, delivering nothing', async () => {
      const client = await ctx.server.connect();
      const group = `test.invalid-${Date.now()}`;
      await ctx.layer.groupAdd(group, client.replyChannel);
      const send = ctx.layer.groupSend as (g: string, e: string, p: unknown) => Promise<void>;
      await expect(send(group, 'no.such-event', {})).rejects.toThrow(/not a server event/);
      await expect(send(group, 'notice.posted', { text: 42 })).rejects.toThrow(/text/);
      await expect(send('Bad Group!', 'notice.posted', { text: 'x' })).rejects.toThrow(/group name/);
      await expect(ctx.layer.send('reply!forged', 'notice.posted', { text: 'x' })).rejects.toThrow(/reply channel/);
      await expect(ctx.layer.groupAdd('ok', 'not-a-reply-channel')).rejects.toThrow(/reply channel/);
      await expect(send(group, 'announcement.posted', { text: 'x'.repeat(2000), author: 'a'.repeat(64), at: 'z'.repeat(70_000) })).rejects.toThrow(
        /limit is 65536 bytes/,
      );
      await client.receiveNothing('announcement.posted');
      expect(client.pending()).toEqual([]);
    });
  });
}
