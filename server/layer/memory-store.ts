import type { ReplyMessage } from '../protocol/events.ts';
import type { LayerStore } from './layer-backend.ts';
import { newEpoch } from './sequence-epoch.ts';
import type { RedisStoreOptions } from './redis-store.ts';

type Buffered = ReplyMessage & { sentAt: number };

/**
 * Keeps reply-channel buffers and group memberships in this process's memory:
 * the store of the in-process layer, for single-process deployments. Same
 * semantics as the Redis store (one conformance suite covers both).
 */
export function createMemoryStore(options: Omit<RedisStoreOptions, 'prefix'>): LayerStore {
  const buffers = new Map<string, { seq: number; epoch: string; messages: Buffered[]; expiresAt: number }>();
  const memberships = new Map<string, { groups: Set<string>; expiresAt: number }>();

  // Expired entries are dropped on a slow sweep; reads also ignore them.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [k, v] of buffers) if (v.expiresAt < now) buffers.delete(k);
    for (const [k, v] of memberships) if (v.expiresAt < now) memberships.delete(k);
  }, 30_000);
  sweep.unref();

  const bufferOf = (namespace: string, replyChannel: string) => {
    const key = `${replyChannel} ${namespace}`;
    const now = Date.now();
    let buffer = buffers.get(key);
    if (!buffer || buffer.expiresAt < now) {
      buffer = { seq: 0, epoch: newEpoch(), messages: [], expiresAt: now + Math.max(options.replyTtlMs, options.groupExpiryMs) };
      buffers.set(key, buffer);
    }
    return buffer;
  };
  const membershipOf = (replyChannel: string) => {
    const now = Date.now();
    let membership = memberships.get(replyChannel);
    if (!membership || membership.expiresAt < now) {
      membership = { groups: new Set(), expiresAt: 0 };
      memberships.set(replyChannel, membership);
    }
    membership.expiresAt = now + options.groupExpiryMs;
    return membership;
  };

  return {
    async appendReply(namespace, replyChannel, event, payload) {
      const buffer = bufferOf(namespace, replyChannel);
      const now = Date.now();
      buffer.seq += 1;
      buffer.messages.push({ seq: buffer.seq, event, payload, sentAt: now });
      if (buffer.messages.length > options.replyMaxMessages) buffer.messages.shift();
      buffer.expiresAt = now + Math.max(options.replyTtlMs, options.groupExpiryMs);
      return buffer.seq;
    },
    async openSequence(namespace, replyChannel) {
      const buffer = bufferOf(namespace, replyChannel);
      buffer.expiresAt = Math.max(buffer.expiresAt, Date.now() + Math.max(options.replyTtlMs, options.groupExpiryMs));
      return { seq: buffer.seq, epoch: buffer.epoch };
    },
    async repliesAfter(namespace, replyChannel, after) {
      const oldest = Date.now() - options.replyTtlMs;
      return (buffers.get(`${replyChannel} ${namespace}`)?.messages ?? [])
        .filter((m) => m.seq > after && m.sentAt >= oldest)
        .map(({ seq, event, payload }) => ({ seq, event, payload }));
    },
    async addMember(replyChannel, group) {
      membershipOf(replyChannel).groups.add(group);
    },
    async removeMember(replyChannel, group) {
      memberships.get(replyChannel)?.groups.delete(group);
    },
    async groupsOf(replyChannel) {
      return [...(memberships.get(replyChannel) ? membershipOf(replyChannel).groups : [])];
    },
    async ping() {},
    async close() {
      clearInterval(sweep);
    },
  };
}
