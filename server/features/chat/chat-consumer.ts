import { historyPage, messagesAfter, toChatMessage } from './chat-history.ts';
import { createChatConnection, identify, TooManyRooms, TYPING_INTERVAL_MS } from './chat-connection.ts';
import type { ChatConnection, ChatIdentity } from './chat-connection.ts';
import { unreadCounts } from './unread-counts.ts';
import { Forbidden, RateLimited } from '../../errors.ts';
import { CHAT_LOBBY_GROUP, chatRoomGroup, isChatGroup } from './chat-protocol.ts';
import type { ConsumerContext } from '../../consumers/consumer.ts';
import { defineConsumer } from '../../consumers/consumer.ts';
import type { ChatServices } from './chat-services.ts';

// One state per connection, made on connect: the scope object lives exactly as long as its socket (a traced event's context is its own).
const connections = new WeakMap<ConsumerContext['scope'], ChatConnection>();
const stateOf = (context: ConsumerContext): ChatConnection => {
  const state = connections.get(context.scope);
  if (!state) throw new Error('no chat state for this connection: events are dispatched only after connect');
  return state;
};

/** The identity a connection joined `room` as; Forbidden when it has not joined it. */
function joined(context: ConsumerContext, room: string, doing: string): ChatIdentity {
  const who = stateOf(context).rooms.get(room);
  if (!who) throw new Forbidden(`join room "${room}" before ${doing}`);
  return who;
}

async function leaveRoom(chat: ChatServices, context: ConsumerContext, room: string, who: ChatIdentity) {
  stateOf(context).rooms.delete(room);
  // Presence first: it must go even if the group operations fail.
  await chat.presence.leave(room, who, context.scope.connectionId);
  await context.groupDiscard(chatRoomGroup(room));
}

/**
 * The `/chat` namespace: rooms joined by name. A room is a group
 * (`chat.room.<name>`) the consumer adds the connection to on `room.join`;
 * clients never name groups, and every room-scoped event is refused with
 * `forbidden` unless this connection joined that room. Messages are stored
 * in PostgreSQL before they are broadcast; presence lives in Redis (see
 * server/features/chat/presence.ts); docs/chat.md has the whole protocol.
 */
export function chatConsumer(chat: ChatServices) {
  return defineConsumer('/chat', {
    // A reply channel outlives its sockets (reloads keep it), and so do its groups:
    // a fresh connection starts in no room, and the page joins what it shows.
    async connect(context, { groups }) {
      connections.set(context.scope, createChatConnection(chat.limits.messageRate));
      for (const group of groups) if (isChatGroup(group)) await context.groupDiscard(group);
    },
    events: {
      'room.join': async (context, { room, displayName, visitor }) => {
        const { app, scope } = context;
        const state = stateOf(context);
        const who = identify(state, scope, chat.visitors, { displayName, visitor });
        const before = state.rooms.get(room);
        if (!before && !state.joining.has(room) && state.rooms.size + state.joining.size >= chat.limits.roomsPerConnection) {
          throw new TooManyRooms(chat.limits.roomsPerConnection);
        }
        state.joining.add(room);
        try {
          if (before && before.person !== who.person) await leaveRoom(chat, context, room, before);
          await chat.admission.admit(room, scope.address, who.verified ? null : who.key, who.name);
          const presence = await chat.presence.join(room, who, scope.connectionId);
          // Whatever fails from here on, or a disconnect meanwhile, takes the person out again: no ghosts.
          if (state.closed) {
            await chat.presence.leave(room, who, scope.connectionId);
            throw new Forbidden('this connection closed while it was joining');
          }
          state.rooms.set(room, who);
          try {
            // Group first, history second: a message committed meanwhile is in one or both (clients merge by id).
            await context.groupAdd(chatRoomGroup(room));
            const { messages, hasOlder } = await historyPage(app.db, room);
            return {
              you: { id: who.person, name: who.name, verified: who.verified, visitor: who.verified ? null : (state.visitor?.token ?? null) },
              history: messages,
              hasOlder,
              presence,
            };
          } catch (error) {
            await leaveRoom(chat, context, room, who).catch(() => {});
            throw error;
          }
        } finally {
          state.joining.delete(room);
        }
      },
      'room.leave': async (context, { room }) => {
        const who = stateOf(context).rooms.get(room);
        if (who) await leaveRoom(chat, context, room, who);
        return { left: who !== undefined };
      },
      'presence.list': async (context, { room }) => {
        joined(context, room, 'listing its people');
        return chat.presence.snapshot(room);
      },
      'message.send': async (context, { room, body, clientId }) => {
        const who = joined(context, room, 'sending to it');
        const wait = stateOf(context).bucket.take();
        if (wait > 0) throw new RateLimited(wait, `this connection is sending messages too fast; retry in ${wait} ms`);
        await chat.rateLimit.take(who.person);
        const stored = await chat.writer.write({
          room,
          userId: who.userId,
          person: who.person,
          authorName: who.name,
          body,
          clientId: clientId ?? null,
        });
        // A resend (same clientId) is broadcast again as the original (same id and seq): pages merge it,
        // and the room still gets it if the first broadcast failed.
        const message = toChatMessage({ ...stored, roomName: room });
        await context.layer.groupSend(chatRoomGroup(room), 'chat.message', message);
        return { id: message.id, seq: message.seq, at: message.at };
      },
      'message.history': async (context, { room, before }) => {
        joined(context, room, 'reading its history');
        return historyPage(context.app.db, room, BigInt(before));
      },
      'message.catchup': async (context, { room, after }) => {
        joined(context, room, 'catching up on it');
        return messagesAfter(context.app.db, room, BigInt(after));
      },
      'typing.start': async (context, { room }) => {
        const who = joined(context, room, 'typing in it');
        const { typingAt } = stateOf(context);
        const now = Date.now();
        if (now - (typingAt.get(room) ?? 0) < TYPING_INTERVAL_MS) return {};
        typingAt.set(room, now);
        await context.layer.groupSend(chatRoomGroup(room), 'typing.started', { room, member: { id: who.person, name: who.name, verified: who.verified } });
        return {};
      },
      'rooms.unread': async (context, { rooms }) => ({
        rooms: await unreadCounts(
          context.app.db,
          rooms.map(({ room, after }) => ({ room, after: BigInt(after) })),
        ),
      }),
      'lobby.watch': async (context) => {
        await context.groupAdd(CHAT_LOBBY_GROUP);
        return chat.presence.rooms();
      },
    },
    async disconnect(context) {
      // Group memberships stay (the next connection of this reply channel drops them); presence goes now,
      // every room on its own: one failed leave (Redis briefly away) must not keep the person in the others.
      const state = connections.get(context.scope);
      if (!state) return;
      state.closed = true;
      const rooms = [...state.rooms];
      state.rooms.clear();
      const results = await Promise.allSettled(rooms.map(([room, who]) => chat.presence.leave(room, who, context.scope.connectionId)));
      for (const result of results) {
        // The entry is no longer refreshed, so it expires and a sweep announces it (docs/chat.md, "Presence").
        if (result.status === 'rejected') context.log.error({ err: result.reason }, 'leave on disconnect failed');
      }
    },
  });
}
