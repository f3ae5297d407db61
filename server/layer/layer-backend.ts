import type { ReplyMessage } from '../protocol/events.ts';
import type { ProtocolIndex } from '../protocol/protocol-index.ts';

/** How long a store keeps what it holds; defaults in server/config.ts. */
export type StoreTimings = {
  /**
   * The reply window, in ms (REPLY_BUFFER_TTL_SECONDS): how long a message
   * stays buffered, how long a sequence lives after its last message, and how
   * long a membership lives before its client has come back once.
   */
  replyTtlMs: number;
  /** How many messages a reply channel keeps buffered per namespace. */
  replyMaxMessages: number;
  /** How long a membership of a client that came back lives without being refreshed, in ms (Channels' group_expiry). */
  groupExpiryMs: number;
};

/** A reply channel's sequence in a namespace and what it still buffers. */
export type ReplyState = {
  /** The last seq used; 0 when the channel has no sequence (nothing was sent to it within the window). */
  seq: number;
  /**
   * A random id of the sequence that changes whenever the counter starts over
   * (its window lapsed, Redis lost it), so a client can tell "seq 3 again" from
   * "seq 3"; '' when there is no sequence.
   */
  epoch: string;
  /** The buffered messages younger than the window, oldest first. */
  messages: ReplyMessage[];
};

/**
 * Where a channel layer keeps its state: reply-channel buffers and group
 * memberships. Redis for deployments with several processes, memory for one.
 * A reply channel costs nothing until something is sent to it or it joins a
 * group; see StoreTimings for how long each piece lives.
 */
export type LayerStore = {
  /**
   * Appends a message to a reply channel's buffer in a namespace, starting a
   * sequence (new epoch, empty buffer) when there is none; returns its seq
   * (1, 2, 3, ...) and the sequence's epoch.
   */
  appendReply(namespace: string, replyChannel: string, event: string, payload: unknown): Promise<{ seq: number; epoch: string }>;
  /** The reply channel's sequence in a namespace and its buffered messages. Writes nothing. */
  readReplies(namespace: string, replyChannel: string): Promise<ReplyState>;
  /**
   * Records that a reply channel belongs to a group; for the reply window
   * unless its memberships were kept. Resolves with the servers recorded as
   * holding a socket of the channel (`groupsOf`'s `holder`), in the same step.
   */
  addMember(replyChannel: string, group: string): Promise<readonly string[]>;
  /** Records a reply channel's groups for the full group expiry: its client came back, or stayed connected a while. */
  keepMembers(replyChannel: string, groups: readonly string[]): Promise<void>;
  /** Forgets a membership; resolves with the servers holding a socket of the channel, as `addMember`. */
  removeMember(replyChannel: string, group: string): Promise<readonly string[]>;
  /**
   * The groups a reply channel belongs to; its client came back, so they are
   * kept for the full group expiry. With `holder` (an interface server's id),
   * records in the same step that this server holds a socket of the channel,
   * for the group expiry: a join or leave of the channel elsewhere then
   * reaches this server too.
   */
  groupsOf(replyChannel: string, holder?: string): Promise<string[]>;
  /** Renews `holder`'s record for reply channels whose sockets it still holds (a socket may stay longer than the group expiry). */
  keepHolding(replyChannels: readonly string[], holder: string): Promise<void>;
  /** Gives each group a new change mark, never given before, for the group expiry (`ChannelLayer.markChanged`). */
  markChanged(groups: readonly string[]): Promise<void>;
  /** Each group's change mark; a group without one (never marked, expired, the store lost it) gets a new one, or with `create` false is null. */
  changeMarks(groups: readonly string[], create: boolean): Promise<(string | null)[]>;
  /** Resolves when the store is reachable; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

/** Which sockets a join or leave reaches: every interface server's, or only this process's (it knows no other holds one). */
export type Reach = 'everywhere' | 'here';

/**
 * How a channel layer reaches sockets: Socket.IO's server (with the Redis
 * adapter in interface servers) or the Redis emitter in every other process.
 */
export type LayerTransport = {
  /** Emits an event to every socket in a room of a namespace, on every interface server. */
  emit(namespace: string, room: string, event: string, payload: unknown): void;
  /** Makes every socket in `fromRoom` join `toRoom`, on every interface server or (`here`) in this process. */
  join(namespace: string, fromRoom: string, toRoom: string, reach: Reach): void;
  /** Makes every socket in `fromRoom` leave `toRoom`, as `join`. */
  leave(namespace: string, fromRoom: string, toRoom: string, reach: Reach): void;
};

/** Limits a channel layer enforces; defaults in server/config.ts. */
export type LayerLimits = {
  /** Largest JSON-encoded payload accepted by send/groupSend, in bytes. */
  maxMessageBytes: number;
};

/** What every channel layer is built with: its limits and the application's protocol (whose events it validates). */
export type LayerOptions = LayerLimits & {
  /** The registered application's protocol (`app.index`, server/features/index.ts). */
  protocol: ProtocolIndex;
};
