import type { ReplyMessage } from '../protocol/events.ts';

/**
 * Where a channel layer keeps its state: reply-channel buffers and group
 * memberships. Redis for deployments with several processes, memory for one.
 */
export type LayerStore = {
  /** Appends a message to a reply channel's buffer in a namespace; returns its sequence number (1, 2, 3, ...). */
  appendReply(namespace: string, replyChannel: string, event: string, payload: unknown): Promise<number>;
  /**
   * The reply channel's sequence in a namespace: the last seq used and its
   * epoch, a random id that changes whenever the counter starts over (expiry,
   * Redis restart), so a client can tell "seq 3 again" from "seq 3". Created if missing.
   */
  openSequence(namespace: string, replyChannel: string): Promise<{ seq: number; epoch: string }>;
  /** Buffered messages with seq > after that are younger than the buffer TTL, oldest first. */
  repliesAfter(namespace: string, replyChannel: string, after: number): Promise<ReplyMessage[]>;
  /** Records that a reply channel belongs to a group (refreshing the membership's expiry). */
  addMember(replyChannel: string, group: string): Promise<void>;
  /** Forgets a membership. */
  removeMember(replyChannel: string, group: string): Promise<void>;
  /** The groups a reply channel belongs to (refreshing their expiry). */
  groupsOf(replyChannel: string): Promise<string[]>;
  /** Resolves when the store is reachable; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

/**
 * How a channel layer reaches sockets: Socket.IO's server (with the Redis
 * adapter in interface servers) or the Redis emitter in every other process.
 */
export type LayerTransport = {
  /** Emits an event to every socket in a room of a namespace, on every interface server. */
  emit(namespace: string, room: string, event: string, payload: unknown): void;
  /** Makes every socket in `fromRoom` join `toRoom`, on every interface server. */
  join(namespace: string, fromRoom: string, toRoom: string): void;
  /** Makes every socket in `fromRoom` leave `toRoom`, on every interface server. */
  leave(namespace: string, fromRoom: string, toRoom: string): void;
};

/** Limits a channel layer enforces; defaults in server/config.ts. */
export type LayerLimits = {
  /** Largest JSON-encoded payload accepted by send/groupSend, in bytes. */
  maxMessageBytes: number;
};
