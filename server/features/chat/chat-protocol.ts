import { z } from 'zod';
import { defineProtocol } from '../../protocol/namespace-spec.ts';
import { bigintStringSchema, textSchema } from '../../protocol/fields.ts';
import { groupNameSchema } from '../../protocol/names.ts';

/** Room names: 1–64 letters, digits, `-` or `_` (case-sensitive). They appear in URLs and group names. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Schema for a room name; the message says what a valid name looks like. */
export const roomNameSchema = z
  .string()
  .regex(ROOM_NAME_PATTERN, 'a room name is 1–64 letters, digits, "-" or "_", e.g. "general" or "team_42"');

/** Display names of anonymous visitors: 1–32 characters after trimming, no control characters. */
export const displayNameSchema = textSchema
  .trim()
  .min(1, 'a display name cannot be empty')
  .max(32, 'a display name has at most 32 characters')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'a display name cannot contain control characters');

/** Longest message body, in characters after trimming. */
export const MESSAGE_BODY_MAX = 2000;

/** A message body: 1–2,000 characters after trimming. */
export const messageBodySchema = textSchema
  .trim()
  .min(1, 'a message cannot be empty')
  .max(MESSAGE_BODY_MAX, `a message has at most ${MESSAGE_BODY_MAX} characters`);

/** The sender's id of a message, for idempotent resends: 1–64 letters, digits, "-" or "_" (stored and echoed as is). */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a clientId is 1–64 letters, digits, "-" or "_"');

/** Messages per page of history (on join and per "load older"). */
export const HISTORY_PAGE = 50;
/** Most messages one `message.catchup` returns; `hasMore` says to ask again. */
export const CATCHUP_PAGE = 500;

/** Message ids are PostgreSQL bigints; they travel as decimal strings. */
export const messageIdSchema = bigintStringSchema('a message id');

/**
 * A message's place in its room: 1, 2, … in commit order (a resend can leave
 * a gap), as a decimal string. History and catch-up go by it: whoever has seen
 * seq n has seen every message of the room below n.
 */
export const messageSeqSchema = bigintStringSchema('a message seq');

/**
 * A chat message as clients see it. `clientId` is the sender's own id for it
 * (it matches the sender's pending copy, and a resend with the same one is
 * stored once).
 */
export const chatMessageSchema = z.object({
  room: roomNameSchema,
  id: messageIdSchema,
  seq: messageSeqSchema,
  author: z.string(),
  /** True when the author was logged in (not an anonymous display name). */
  verified: z.boolean(),
  body: z.string().max(MESSAGE_BODY_MAX),
  at: z.string(),
  clientId: z.string().max(64).nullable(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/**
 * One person in a room (several tabs count once). `id` is `u:<user id>` or
 * `v:<visitor id>`; `verified` is true for a signed-in user (the name is their
 * username), false for a guest's chosen display name.
 */
export const chatMemberSchema = z.object({ id: z.string(), name: z.string(), verified: z.boolean() });
export type ChatMember = z.infer<typeof chatMemberSchema>;

/**
 * Who is in a room: at most CHAT_MEMBER_LIST_MAX of its people (which ones, in
 * a bigger room, is arbitrary), how many there are, and the room's presence
 * version (every change increments it).
 */
export const presenceSnapshotSchema = z.object({
  members: z.array(chatMemberSchema),
  count: z.number().int().nonnegative(),
  version: z.number().int().nonnegative(),
});

/** One change of a room's people: who arrived, left or took another name, and the room's version it made. */
export const presenceDeltaSchema = z.object({
  kind: z.enum(['joined', 'left', 'renamed']),
  member: chatMemberSchema,
  version: z.number().int().positive(),
});
export type PresenceDelta = z.infer<typeof presenceDeltaSchema>;

/**
 * What changed in a room's people during one window (PRESENCE_BATCH_MS) on
 * one interface server, with the count and version after it. It carries one
 * of: `changes` (in version order; a page applies version v + 1 on top of v,
 * waits briefly for a missing one — another server's event — then asks for
 * `presence.list`); `members` (the whole room, when more changed than a
 * member list names); or neither (the room has more people than
 * CHAT_MEMBER_LIST_MAX: only the count is kept live).
 */
export const presenceChangedSchema = z.object({
  room: roomNameSchema,
  count: z.number().int().nonnegative(),
  version: z.number().int().positive(),
  changes: z.array(presenceDeltaSchema).optional(),
  members: z.array(chatMemberSchema).optional(),
});
export type PresenceChanged = z.infer<typeof presenceChangedSchema>;

/**
 * The lobby: the busiest rooms (at most CHAT_LOBBY_ROOMS_MAX) with their
 * head counts, and when Redis read them (microseconds of its clock): a page
 * keeps the one with the highest version (two servers' can cross).
 */
export const lobbyRoomsSchema = z.object({
  rooms: z.array(z.object({ room: roomNameSchema, count: z.number().int().nonnegative() })),
  version: z.number().int().nonnegative(),
});
export type LobbyRooms = z.infer<typeof lobbyRoomsSchema>;

/** Most rooms one `rooms.unread` asks about (the rooms a visitor was in lately). */
export const UNREAD_ROOMS_MAX = 20;
/** Unread counts stop here: a page shows more as "99+". */
export const UNREAD_COUNT_MAX = 100;

/** Group of a room's members: `chat.room.<name>`. Clients never name groups; the consumer does. */
export function chatRoomGroup(room: string): string {
  return groupNameSchema.parse(`chat.room.${room}`);
}

/** Group of lobby watchers, told how many people each room has. */
export const CHAT_LOBBY_GROUP = groupNameSchema.parse('chat.lobby');

/** Whether a group is one the chat consumer puts connections in (a room's or the lobby's). */
export function isChatGroup(group: string): boolean {
  return group === CHAT_LOBBY_GROUP || group.startsWith('chat.room.');
}

const roomRef = { room: roomNameSchema };
const historyPage = z.object({ messages: z.array(chatMessageSchema), hasOlder: z.boolean() });

/** Client → server events of the `/chat` namespace. */
export const chatClientEvents = {
  /** Joins a room: enters its group and member list. Anonymous visitors give a display name and their visitor token, if they have one. */
  'room.join': {
    payload: z.object({ ...roomRef, displayName: displayNameSchema.optional(), visitor: z.string().max(200).optional() }).strict(),
    reply: z.object({
      you: z.object({ id: z.string(), name: z.string(), verified: z.boolean(), visitor: z.string().nullable() }),
      history: z.array(chatMessageSchema),
      hasOlder: z.boolean(),
      presence: presenceSnapshotSchema,
    }),
  },
  /** A fresh snapshot of a joined room's people (after a version gap). */
  'presence.list': { payload: z.object(roomRef).strict(), reply: presenceSnapshotSchema },
  'room.leave': { payload: z.object(roomRef).strict(), reply: z.object({ left: z.boolean() }) },
  /** Stores and broadcasts a message. A resend with the same `clientId` is stored once and acks with the original's id, seq and time. */
  'message.send': {
    payload: z.object({ ...roomRef, body: messageBodySchema, clientId: clientIdSchema.optional() }).strict(),
    reply: z.object({ id: messageIdSchema, seq: messageSeqSchema, at: z.string() }),
  },
  /** A page of messages before seq `before`, oldest first. */
  'message.history': { payload: z.object({ ...roomRef, before: messageSeqSchema }).strict(), reply: historyPage },
  /** Everything after seq `after`, oldest first (after a reconnect). */
  'message.catchup': {
    payload: z.object({ ...roomRef, after: messageSeqSchema }).strict(),
    reply: z.object({ messages: z.array(chatMessageSchema), hasMore: z.boolean() }),
  },
  'typing.start': { payload: z.object(roomRef).strict(), reply: z.object({}) },
  /**
   * How many messages each room has after the seq the visitor last saw there
   * (at most UNREAD_COUNT_MAX each; 0 for a room that does not exist). Needs
   * no join: the lobby asks about the rooms this browser was in.
   */
  'rooms.unread': {
    payload: z.object({ rooms: z.array(z.object({ ...roomRef, after: messageSeqSchema }).strict()).max(UNREAD_ROOMS_MAX) }).strict(),
    reply: z.object({ rooms: z.array(z.object({ ...roomRef, unread: z.number().int().nonnegative() })) }),
  },
  /** Lists the busiest rooms (at most CHAT_LOBBY_ROOMS_MAX) and subscribes this connection to `lobby.changed`. */
  'lobby.watch': { payload: z.object({}).strict(), reply: lobbyRoomsSchema },
} as const;

/** Server → client events of the `/chat` namespace (all sent to groups, live only). */
export const chatServerEvents = {
  'chat.message': chatMessageSchema,
  /** A room's people changed: at most one per room per window per interface server. */
  'presence.changed': presenceChangedSchema,
  'typing.started': z.object({ ...roomRef, member: chatMemberSchema }),
  /** The lobby's busiest rooms now: at most one per window per interface server, when a room's count changed. */
  'lobby.changed': lobbyRoomsSchema,
} as const;

/** The /chat namespace: its event maps, registered with the feature. */
export const chatProtocol = defineProtocol('/chat', { client: chatClientEvents, server: chatServerEvents });
