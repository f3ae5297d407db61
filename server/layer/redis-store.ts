import type { RedisClient } from './redis-connection.ts';
import type { ReplyMessage } from '../protocol/events.ts';
import type { LayerStore, StoreTimings } from './layer-backend.ts';
import { newEpoch } from './sequence-epoch.ts';
import { redisScript } from './redis-script.ts';
import { pooledRandomBytes } from '../random-bytes.ts';

/** Tuning of the Redis store; defaults come from server/config.ts. */
export type RedisStoreOptions = StoreTimings & {
  /** Prefix of every key, so several deployments (and test runs) can share one Redis. */
  prefix: string;
};

// Sequence number, append and trim in one step, so concurrent senders never
// share a number and the buffer order is the sequence order. The sequence is a
// hash {seq, epoch}; a new epoch marks a counter that started over, whose
// buffer starts empty. Both keys live as long as the buffer window.
const APPEND_REPLY = `
if redis.call('HSETNX', KEYS[1], 'epoch', ARGV[5]) == 1 then redis.call('DEL', KEYS[2]) end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('RPUSH', KEYS[2], seq .. ' ' .. ARGV[1] .. ' ' .. ARGV[2])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return { seq, redis.call('HGET', KEYS[1], 'epoch') }`;

// A membership added before its client came back lives for the reply window;
// one that was kept (the client came back) is never shortened. Returns the
// channel's holders (servers that attached a socket of it), read in the same
// step as the write: a server attaching later reads the membership instead.
const ADD_MEMBER = `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('SMEMBERS', KEYS[2])`;

// Reply channels whose holder records are renewed at once.
const KEEP_HOLDING_BATCH = 500;

/**
 * Keeps reply-channel buffers (a list per channel and namespace, entries
 * `"<seq> <sentAtMs> <json>"`, beside its sequence hash) and group memberships
 * (a set per channel) in Redis, and which interface servers hold a socket of
 * a channel that reconnected (a set per channel, for the group expiry), and
 * each group's change mark (a string per group, for the group expiry).
 * Nothing is written for a reply channel until a message is sent to it or it
 * joins a group, and then only for the reply window
 * (REPLY_BUFFER_TTL_SECONDS); memberships get GROUP_EXPIRY_SECONDS once the
 * client comes back (`groupsOf`, `keepMembers`). See docs/delivery.md.
 */
export function createRedisStore(redis: RedisClient, options: RedisStoreOptions): LayerStore {
  const addMember = redisScript(redis, 'switchyardAddMember', 2, ADD_MEMBER);
  const appendReply = redisScript(redis, 'switchyardAppendReply', 2, APPEND_REPLY);
  // `{<reply channel>}` is a hash tag: a channel's keys share one Redis Cluster slot, as its script and MULTIs need.
  const key = (replyChannel: string, ...parts: string[]) => [options.prefix, 'rc', `{${replyChannel}}`, ...parts].join(':');
  const replyTtlMs = String(options.replyTtlMs);
  const groupsKey = (replyChannel: string) => key(replyChannel, 'groups');
  const holdersKey = (replyChannel: string) => key(replyChannel, 'holders');
  /** Adds to `multi` the record that `holder` holds a socket of the channel, for the group expiry. */
  const recordHolder = (multi: ReturnType<RedisClient['multi']>, replyChannel: string, holder: string) =>
    multi.sadd(holdersKey(replyChannel), holder).pexpire(holdersKey(replyChannel), options.groupExpiryMs);
  // A mark is this store's id and a count, so no two writes ever give a group the same mark.
  const markerId = pooledRandomBytes(9).toString('base64url');
  let marked = 0;
  const newMark = () => `${markerId}.${(marked += 1)}`;
  const markKey = (group: string) => `${options.prefix}:mark:{${group}}`;
  // Bumped whenever a connection to Redis closes: marks read on either side of it never match, so a
  // failover that lost a mark's write (replication is asynchronous) cannot make an old mark look current.
  let connection = 0;
  const reconnected = () => void (connection += 1);
  redis.on('close', reconnected);
  for (const event of ['-node', '+node', 'node error']) redis.on(event, reconnected);
  const exec = async <T>(multi: ReturnType<RedisClient['multi']>): Promise<T[]> => {
    const results = (await multi.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    return results.map(([, value]) => value as T);
  };

  return {
    async appendReply(namespace, replyChannel, event, payload) {
      const entry = JSON.stringify({ event, payload });
      const [seq, epoch] = (await appendReply(
        key(replyChannel, namespace, 'seq'),
        key(replyChannel, namespace, 'buffer'),
        String(Date.now()),
        entry,
        String(options.replyMaxMessages),
        replyTtlMs,
        newEpoch(),
      )) as [number, string];
      return { seq: Number(seq), epoch };
    },
    async readReplies(namespace, replyChannel) {
      const [sequence, entries] = await exec<unknown>(
        redis.multi().hmget(key(replyChannel, namespace, 'seq'), 'seq', 'epoch').lrange(key(replyChannel, namespace, 'buffer'), 0, -1),
      );
      const [seq, epoch] = sequence as [string | null, string | null];
      const oldest = Date.now() - options.replyTtlMs;
      const messages: ReplyMessage[] = [];
      for (const entry of entries as string[]) {
        const first = entry.indexOf(' ');
        const second = entry.indexOf(' ', first + 1);
        const sentAt = Number(entry.slice(first + 1, second));
        if (sentAt < oldest) continue;
        const { event, payload } = JSON.parse(entry.slice(second + 1)) as { event: string; payload: unknown };
        messages.push({ seq: Number(entry.slice(0, first)), epoch: epoch ?? '', event, payload });
      }
      return { seq: Number(seq ?? 0), epoch: epoch ?? '', messages };
    },
    addMember: async (replyChannel, group) => (await addMember(groupsKey(replyChannel), holdersKey(replyChannel), group, replyTtlMs)) as string[],
    async keepMembers(replyChannel, groups) {
      if (groups.length === 0) return;
      await exec(redis.multi().sadd(groupsKey(replyChannel), ...groups).pexpire(groupsKey(replyChannel), options.groupExpiryMs));
    },
    async removeMember(replyChannel, group) {
      const [, holders] = await exec<string[]>(redis.multi().srem(groupsKey(replyChannel), group).smembers(holdersKey(replyChannel)));
      return holders ?? [];
    },
    async groupsOf(replyChannel, holder) {
      const multi = redis.multi().smembers(groupsKey(replyChannel)).pexpire(groupsKey(replyChannel), options.groupExpiryMs);
      if (holder) recordHolder(multi, replyChannel, holder);
      const [members] = await exec<string[]>(multi);
      return members ?? [];
    },
    async keepHolding(replyChannels, holder) {
      // A channel's keys share a slot, a batch's need not: one MULTI each, a batch at a time.
      for (let start = 0; start < replyChannels.length; start += KEEP_HOLDING_BATCH) {
        const batch = replyChannels.slice(start, start + KEEP_HOLDING_BATCH);
        await Promise.all(batch.map((replyChannel) => exec(recordHolder(redis.multi(), replyChannel, holder))));
      }
    },
    async markChanged(groups) {
      // One key per group (each its own slot on a cluster), written at once.
      await Promise.all(groups.map((group) => redis.set(markKey(group), newMark(), 'PX', options.groupExpiryMs)));
    },
    async changeMarks(groups, create) {
      // A group without a mark (never changed, expired, lost) gets a new one, in the same command.
      const marks = await Promise.all(
        groups.map(async (group) => {
          if (!create) return redis.get(markKey(group));
          const mark = newMark();
          return (await redis.set(markKey(group), mark, 'PX', options.groupExpiryMs, 'NX', 'GET')) ?? mark;
        }),
      );
      return marks.map((mark) => (mark === null ? null : `${connection} ${mark}`));
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      // The layer owns and closes the client.
    },
  };
}
