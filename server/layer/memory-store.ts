import type { ReplyMessage } from '../protocol/events.ts';
import type { LayerStore, StoreTimings } from './layer-backend.ts';
import { newEpoch } from './sequence-epoch.ts';

type Buffered = Omit<ReplyMessage, 'epoch'> & { sentAt: number };

/**
 * Keeps reply-channel buffers and group memberships in this process's memory:
 * the store of the in-process layer, for single-process deployments. Same
 * semantics as the Redis store (one conformance suite covers both).
 */
export function createMemoryStore(options: StoreTimings): LayerStore {
  const sequences = new Map<string, { seq: number; epoch: string; messages: Buffered[]; expiresAt: number }>();
  const memberships = new Map<string, { groups: Set<string>; expiresAt: number }>();
  const marks = new Map<string, { mark: string; expiresAt: number }>();
  let marked = 0;

  // Expired entries are dropped on a slow sweep; reads also ignore them.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [k, v] of sequences) if (v.expiresAt < now) sequences.delete(k);
    for (const [k, v] of memberships) if (v.expiresAt < now) memberships.delete(k);
    for (const [k, v] of marks) if (v.expiresAt < now) marks.delete(k);
  }, 30_000);
  sweep.unref();

  const live = <T extends { expiresAt: number }>(map: Map<string, T>, key: string): T | undefined => {
    const entry = map.get(key);
    return entry && entry.expiresAt >= Date.now() ? entry : undefined;
  };
  const membershipOf = (replyChannel: string, ttlMs: number, keep: 'longer' | 'exactly') => {
    const expiresAt = Date.now() + ttlMs;
    const membership = live(memberships, replyChannel) ?? { groups: new Set<string>(), expiresAt };
    membership.expiresAt = keep === 'longer' ? Math.max(membership.expiresAt, expiresAt) : expiresAt;
    memberships.set(replyChannel, membership);
    return membership;
  };

  return {
    async appendReply(namespace, replyChannel, event, payload) {
      const key = `${replyChannel} ${namespace}`;
      const now = Date.now();
      const sequence = live(sequences, key) ?? { seq: 0, epoch: newEpoch(), messages: [], expiresAt: 0 };
      sequence.seq += 1;
      sequence.messages.push({ seq: sequence.seq, event, payload, sentAt: now });
      if (sequence.messages.length > options.replyMaxMessages) sequence.messages.shift();
      sequence.expiresAt = now + options.replyTtlMs;
      sequences.set(key, sequence);
      return { seq: sequence.seq, epoch: sequence.epoch };
    },
    async readReplies(namespace, replyChannel) {
      const sequence = live(sequences, `${replyChannel} ${namespace}`);
      if (!sequence) return { seq: 0, epoch: '', messages: [] };
      const oldest = Date.now() - options.replyTtlMs;
      const messages = sequence.messages
        .filter((m) => m.sentAt >= oldest)
        .map(({ seq, event, payload }) => ({ seq, epoch: sequence.epoch, event, payload }));
      return { seq: sequence.seq, epoch: sequence.epoch, messages };
    },
    // One process holds every socket: there are no holders to name.
    async addMember(replyChannel, group) {
      membershipOf(replyChannel, options.replyTtlMs, 'longer').groups.add(group);
      return [];
    },
    async keepMembers(replyChannel, groups) {
      if (groups.length === 0) return;
      const membership = membershipOf(replyChannel, options.groupExpiryMs, 'exactly');
      for (const group of groups) membership.groups.add(group);
    },
    async removeMember(replyChannel, group) {
      live(memberships, replyChannel)?.groups.delete(group);
      return [];
    },
    async groupsOf(replyChannel) {
      if (!live(memberships, replyChannel)) return [];
      return [...membershipOf(replyChannel, options.groupExpiryMs, 'exactly').groups];
    },
    async keepHolding() {},
    async markChanged(groups) {
      const expiresAt = Date.now() + options.groupExpiryMs;
      for (const group of groups) marks.set(group, { mark: String((marked += 1)), expiresAt });
    },
    async changeMarks(groups, create) {
      const expiresAt = Date.now() + options.groupExpiryMs;
      return groups.map((group) => {
        const entry = live(marks, group) ?? (create ? { mark: String((marked += 1)), expiresAt } : undefined);
        if (entry) marks.set(group, entry);
        return entry?.mark ?? null;
      });
    },
    async ping() {},
    async close() {
      clearInterval(sweep);
    },
  };
}
