import type { Socket } from 'socket.io';
import type { ReplyMessage, ServerEventInput, ServerEventName } from '../protocol/events.ts';
import { groupNameSchema, replyChannelSchema } from '../protocol/names.ts';
import { InvalidInput, PayloadTooLarge } from '../errors.ts';
import type { LayerOptions, LayerStore, LayerTransport, Reach } from './layer-backend.ts';
import { groupOfRoom, groupRoom, replyRoom } from './rooms.ts';
import { issuerOf } from './reply-channel-token.ts';
import { inSpan, SpanKind } from '../tracing/trace-context.ts';
import type { TraceCarrier } from '../tracing/trace-context.ts';
import { publishInTrace } from './publish-stamp.ts';

/**
 * The channel layer: Channels' `send`, `group_add`, `group_discard` and
 * `group_send`, callable from any process. Payloads are validated against the
 * registered application's event maps and bounded in size.
 *
 * @example
 * await layer.groupAdd('announcements', scope.replyChannel);
 * await layer.groupSend('announcements', 'announcement.posted', { text: 'hi', author: null, at: new Date().toISOString() });
 */
export type ChannelLayer = {
  /**
   * Sends an event to one client's reply channel; buffered so a reconnecting
   * client still gets it. With `trace`, its publish is a span of that trace
   * and the message carries it to the emit (also for `groupSend`).
   */
  send<E extends ServerEventName>(replyChannel: string, event: E, payload: ServerEventInput<E>, trace?: TraceCarrier): Promise<void>;
  /** Adds a reply channel to a group, including the client's sockets that are connected right now. */
  groupAdd(group: string, replyChannel: string): Promise<void>;
  /** Removes a reply channel from a group. */
  groupDiscard(group: string, replyChannel: string): Promise<void>;
  /** Sends an event to every client in a group that is connected now (at most once, no buffering). */
  groupSend<E extends ServerEventName>(group: string, event: E, payload: ServerEventInput<E>, trace?: TraceCarrier): Promise<void>;
  /**
   * Records, before it is sent, a change of what readers of these groups
   * catch up on: every `changeMarks` read made after this resolves returns a
   * new mark for each group. The outbox relay marks the groups of each batch
   * of rows before publishing them.
   */
  markChanged(groups: readonly string[]): Promise<void>;
  /**
   * Each group's current change mark. Two reads that return the same marks had
   * no change marked between them: a reader may keep what it read from the
   * database with the marks read before reading, and answer from memory while
   * they stay the same (server/layer/marked-reads.ts). A group without a mark
   * (never changed, expired, or the store lost it) gets a new one, never given
   * before, so a mark read before a loss never matches one read after. With
   * `{ create: false }` such a group's mark is null and nothing is written: for
   * groups named by client input that may not exist (a slug), so a client
   * cannot fill Redis with marks.
   */
  changeMarks(groups: readonly string[], options?: { create?: boolean }): Promise<(string | null)[]>;
  /** Resolves when the layer's store is reachable. */
  ping(): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
};

/** The part of the layer only interface servers use: wiring sockets to their reply channel and groups. */
export type InterfaceLayer = ChannelLayer & {
  /**
   * Joins a socket to its reply channel and groups, then replays buffered
   * messages after `lastSeq`. When the client's `epoch` is not the sequence's
   * (the counter started over: its window lapsed, Redis lost it), it first
   * emits `reply.reset` and replays from the start. A channel issued in this
   * handshake (`fresh`) has nothing to read, so nothing is read. Resolves with
   * the current epoch ('' while the channel has no sequence), the groups
   * the socket joined (those earlier connections of the channel were put in)
   * and how many messages it replayed.
   */
  attach(socket: Socket, replyChannel: string, position: { lastSeq: number; epoch?: string; fresh?: boolean }): Promise<Attached>;
  /**
   * Records a reply channel's groups (from the rooms its socket is in) for the
   * full group expiry: after the store lost its data (Redis restarted without
   * persistence, or was flushed), so the client's next connection joins them,
   * and when a socket that stayed connected a while leaves.
   */
  restoreMemberships(replyChannel: string, rooms: Iterable<string>): Promise<void>;
  /**
   * `groupAdd` for a reply channel whose only socket is `socket` (issued in
   * this handshake, its token not yet sent), or whose socket is in the group
   * already (attach put it back: the store held the membership, so the
   * channel's other sockets joined when it was added): the membership is
   * stored (its expiry renewed) and the socket joins the group here, without
   * asking every server and namespace (one PUBLISH each, handled by every
   * interface server) to look for others.
   */
  groupAddAlone(group: string, replyChannel: string, socket: Socket): Promise<void>;
  /** Adds one socket, not its reply channel, to a group until it disconnects: nothing is stored (`ConsumerContext.groupAddConnection`). */
  groupAddSocket(group: string, socket: Socket): void;
  /** Buffered reply-channel messages after `after`, for a client that noticed a gap. */
  fetchReplies(namespace: string, replyChannel: string, after: number): Promise<ReplyMessage[]>;
};

/**
 * `layer` with its publishes (`send`, `groupSend`) continuing `trace`: what a
 * consumer's handler or a job's run is given, so that whatever it publishes
 * is a span of its trace. `layer` itself without a trace (tracing off).
 */
export function layerInTrace<L extends ChannelLayer>(layer: L, trace: TraceCarrier | undefined): L {
  if (!trace) return layer;
  return {
    ...layer,
    send: (replyChannel, event, payload, parent) => layer.send(replyChannel, event, payload, parent ?? trace),
    groupSend: (group, event, payload, parent) => layer.groupSend(group, event, payload, parent ?? trace),
  };
}

/** What attaching a socket found: its reply sequence's epoch and the groups its reply channel was already in. */
export type Attached = { epoch: string; groups: readonly string[]; replayed: number };

/**
 * Assembles a channel layer from a store and a transport; both backends share
 * this logic. `holder` is the interface server's id when its sockets share
 * the store with other servers (the Redis layer in an interface server): it
 * issues reply channels that name it (reply-channel-token.ts) and records
 * itself as a holder when a channel's socket comes back to it. A join or
 * leave of a channel that this server issued and no other server holds then
 * stays in this process, instead of a broadcast to every server and namespace.
 */
export function createChannelLayer(store: LayerStore, transport: LayerTransport, limits: LayerOptions, holder?: string): InterfaceLayer {
  const { namespaces } = limits.protocol;
  const encode = (event: string, payload: unknown) => {
    const spec = limits.protocol.serverEvent(event);
    if (!spec) throw new InvalidInput(`"${event}" is not a server event of this application; define it in a feature's protocol (defineProtocol) and register the feature`);
    const parsed = spec.schema.safeParse(payload);
    if (!parsed.success) throw InvalidInput.fromZod(`payload of "${event}"`, parsed.error);
    const bytes = Buffer.byteLength(JSON.stringify(parsed.data ?? null));
    if (bytes > limits.maxMessageBytes) throw new PayloadTooLarge(`payload of "${event}"`, bytes, limits.maxMessageBytes);
    return { namespace: spec.namespace, data: parsed.data };
  };
  const checkGroup = (group: string) => {
    const parsed = groupNameSchema.safeParse(group);
    if (!parsed.success) throw InvalidInput.fromZod(`group name "${group.slice(0, 200)}"`, parsed.error);
  };
  const checkReplyChannel = (replyChannel: string) => {
    const parsed = replyChannelSchema.safeParse(replyChannel);
    if (!parsed.success) throw InvalidInput.fromZod(`reply channel "${replyChannel.slice(0, 200)}"`, parsed.error);
  };

  const reach = (replyChannel: string, holders: readonly string[]): Reach =>
    holder !== undefined && issuerOf(replyChannel) === holder && holders.every((other) => other === holder) ? 'here' : 'everywhere';

  return {
    async send(replyChannel, event, payload, parent) {
      checkReplyChannel(replyChannel);
      const { namespace, data } = encode(event, payload);
      // Like a group's publish, a reply's is a span whose context the message carries.
      await inSpan('layer.send', { kind: SpanKind.PRODUCER, attributes: { 'switchyard.event': event }, parent }, async (_span, trace) => {
        const { seq, epoch } = await store.appendReply(namespace, replyChannel, event, data);
        publishInTrace(trace, () => transport.emit(namespace, replyRoom(replyChannel), 'reply.message', { seq, epoch, event, payload: data, sentAt: Date.now() }));
      });
    },
    async groupAdd(group, replyChannel) {
      checkGroup(group);
      checkReplyChannel(replyChannel);
      const where = reach(replyChannel, await store.addMember(replyChannel, group));
      for (const namespace of namespaces) transport.join(namespace, replyRoom(replyChannel), groupRoom(group), where);
    },
    async groupDiscard(group, replyChannel) {
      checkGroup(group);
      checkReplyChannel(replyChannel);
      const where = reach(replyChannel, await store.removeMember(replyChannel, group));
      for (const namespace of namespaces) transport.leave(namespace, replyRoom(replyChannel), groupRoom(group), where);
    },
    async groupSend(group, event, payload, parent) {
      checkGroup(group);
      const { namespace, data } = encode(event, payload);
      // The publish is a span of its own; the transport stamps its context into the message (server/layer/publish-stamp.ts).
      const attributes = { 'messaging.destination.name': group, 'switchyard.event': event };
      await inSpan('layer.groupSend', { kind: SpanKind.PRODUCER, attributes, parent }, async (_span, trace) =>
        publishInTrace(trace, () => transport.emit(namespace, groupRoom(group), event, data)),
      );
    },
    async attach(socket, replyChannel, { lastSeq, epoch, fresh = false }) {
      // Join the reply room before reading memberships and the buffer: whatever
      // is published after this point arrives live, whatever before is read back.
      socket.join(replyRoom(replyChannel));
      if (fresh) return { epoch: '', groups: [], replayed: 0 };
      const [groups, replies] = await Promise.all([store.groupsOf(replyChannel, holder), store.readReplies(socket.nsp.name, replyChannel)]);
      if (groups.length > 0) socket.join(groups.map(groupRoom));
      const startedOver = lastSeq > 0 && epoch !== replies.epoch;
      if (startedOver) socket.emit('reply.reset', { epoch: replies.epoch });
      let replayed = 0;
      for (const message of replies.messages) {
        if (!startedOver && message.seq <= lastSeq) continue;
        socket.emit('reply.message', message);
        replayed += 1;
      }
      return { epoch: replies.epoch, groups, replayed };
    },
    async groupAddAlone(group, replyChannel, socket) {
      checkGroup(group);
      checkReplyChannel(replyChannel);
      await store.addMember(replyChannel, group);
      socket.join(groupRoom(group));
    },
    groupAddSocket(group, socket) {
      checkGroup(group);
      socket.join(groupRoom(group));
    },
    async restoreMemberships(replyChannel, rooms) {
      const groups = [...rooms].map(groupOfRoom).filter((group): group is string => group !== null);
      await store.keepMembers(replyChannel, groups);
    },
    async markChanged(groups) {
      groups.forEach(checkGroup);
      if (groups.length > 0) await store.markChanged(groups);
    },
    async changeMarks(groups, { create = true } = {}) {
      groups.forEach(checkGroup);
      return groups.length > 0 ? store.changeMarks(groups, create) : [];
    },
    fetchReplies: async (namespace, replyChannel, after) =>
      (await store.readReplies(namespace, replyChannel)).messages.filter((message) => message.seq > after),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
