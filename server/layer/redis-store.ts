import type { Redis } from 'ioredis';
import type { ReplyMessage } from '../protocol/events.ts';
import type { LayerStore } from './layer-backend.ts';
import { newEpoch } from './sequence-epoch.ts';

/** Tuning of the Redis store; defaults come from server/config.ts. */
export type RedisStoreOptions = {
  /** Prefix of every key, so several deployments (and test runs) can share one Redis. */
  prefix: string;
  /** How long a reply-channel message stays buffered for a reconnecting client, in ms. */
  replyTtlMs: number;
  /** How many messages a reply channel keeps buffered per namespace. */
  replyMaxMessages: number;
  /** How long a group membership lives without being refreshed, in ms (Channels' group_expiry). */
  groupExpiryMs: number;
};

// Sequence number, append and trim in one step, so concurrent senders never
// share a number and the buffer order is the sequence order. The sequence is a
// hash {seq, epoch}; a new epoch marks a counter that started over.
const APPEND_REPLY = `
redis.call('HSETNX', KEYS[1], 'epoch', ARGV[5])
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('RPUSH', KEYS[2], seq .. ' ' .. ARGV[1] .. ' ' .. ARGV[2])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return seq`;

const OPEN_SEQUENCE = `
redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('HMGET', KEYS[1], 'seq', 'epoch')`;

/**
 * Keeps reply-channel buffers (a list per channel and namespace, entries
 * `"<seq> <sentAtMs> <json>"`) and group memberships (a set per channel) in Redis.
 */
export function createRedisStore(redis: Redis, options: RedisStoreOptions): LayerStore {
  const key = (...parts: string[]) => [options.prefix, 'rc', ...parts].join(':');
  // The sequence counter outlives the buffer, so a client's lastSeq stays meaningful.
  const seqTtlMs = String(Math.max(options.replyTtlMs, options.groupExpiryMs));
  const groupsKey = (replyChannel: string) => key(replyChannel, 'groups');

  return {
    async appendReply(namespace, replyChannel, event, payload) {
      const entry = JSON.stringify({ event, payload });
      const seq = await redis.eval(
        APPEND_REPLY,
        2,
        key(replyChannel, namespace, 'seq'),
        key(replyChannel, namespace, 'buffer'),
        String(Date.now()),
        entry,
        String(options.replyMaxMessages),
        seqTtlMs,
        newEpoch(),
      );
      return Number(seq);
    },
    async openSequence(namespace, replyChannel) {
      const [seq, epoch] = (await redis.eval(OPEN_SEQUENCE, 1, key(replyChannel, namespace, 'seq'), newEpoch(), seqTtlMs)) as [
        string | null,
        string,
      ];
      return { seq: Number(seq ?? 0), epoch };
    },
    async repliesAfter(namespace, replyChannel, after) {
      const entries = await redis.lrange(key(replyChannel, namespace, 'buffer'), 0, -1);
      const oldest = Date.now() - options.replyTtlMs;
      const messages: ReplyMessage[] = [];
      for (const entry of entries) {
        const first = entry.indexOf(' ');
        const second = entry.indexOf(' ', first + 1);
        const seq = Number(entry.slice(0, first));
        const sentAt = Number(entry.slice(first + 1, second));
        if (seq <= after || sentAt < oldest) continue;
        const { event, payload } = JSON.parse(entry.slice(second + 1)) as { event: string; payload: unknown };
        messages.push({ seq, event, payload });
      }
      return messages;
    },
    async addMember(replyChannel, group) {
      await redis.multi().sadd(groupsKey(replyChannel), group).pexpire(groupsKey(replyChannel), options.groupExpiryMs).exec();
    },
    async removeMember(replyChannel, group) {
      await redis.srem(groupsKey(replyChannel), group);
    },
    async groupsOf(replyChannel) {
      const [members] = (await redis
        .multi()
        .smembers(groupsKey(replyChannel))
        .pexpire(groupsKey(replyChannel), options.groupExpiryMs)
        .exec()) ?? [[null, []]];
      if (members?.[0]) throw members[0];
      return (members?.[1] as string[] | undefined) ?? [];
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      // The layer owns and closes the client.
    },
  };
}
