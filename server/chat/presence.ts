import type { Redis } from 'ioredis';
import { SwitchyardError } from '../errors.ts';
import type { ChannelLayer } from '../layer/channel-layer.ts';
import { CHAT_LOBBY_GROUP, chatRoomGroup, PRESENCE_HEARTBEAT_MS, PRESENCE_SWEEP_MS, PRESENCE_TTL_MS } from '../protocol/chat.ts';
import type { ChatMember } from '../protocol/chat.ts';
import { JOIN_SCRIPT, LEAVE_SCRIPT, MEMBERS_SCRIPT, SWEEP_SCRIPT } from './presence-scripts.ts';

/** Who a connection is in a room: `person` is `u:<user id>` or `v:<visitor id>`. */
export type Presentee = { person: string; name: string };

/** Options of chat presence; the timings default to the documented bound (server/protocol/chat.ts). */
export type PresenceOptions = {
  redis: Redis;
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Where `presence.changed` and `lobby.changed` are published. */
  layer: () => ChannelLayer;
  ttlMs?: number;
  heartbeatMs?: number;
  sweepMs?: number;
};

/**
 * Who is in each room right now, shared by every interface server through
 * Redis. Entries are per connection and aggregated per person, so two tabs
 * count once. The server holding a connection refreshes its entry every
 * heartbeat; a killed server's entries expire and every server's sweep
 * removes them and announces the change.
 */
export type Presence = {
  /** Enters a room; throws NameTaken when another person present uses `name`. Returns the members after joining. */
  join(room: string, who: Presentee, connectionId: string): Promise<ChatMember[]>;
  /** Leaves a room (explicitly or on disconnect) and announces the change if the person is gone. */
  leave(room: string, who: Presentee, connectionId: string): Promise<void>;
  /** The people in a room, sorted by name. */
  members(room: string): Promise<ChatMember[]>;
  /** Rooms with anyone in them and how many people each has. */
  rooms(): Promise<{ room: string; count: number }[]>;
  /** One sweep of every room now (the timer does it every `sweepMs`). */
  sweep(): Promise<void>;
  /** Stops the timers and removes this server's entries. */
  close(): Promise<void>;
};

/** Another person present in the room already uses the display name. */
export class NameTaken extends SwitchyardError {
  constructor(readonly displayName: string) {
    super('conflict', `"${displayName}" is already used by someone in this room; choose another display name`);
  }
}

/** Creates the presence service of one interface server and starts its heartbeat and sweep timers. */
export function createPresence(options: PresenceOptions): Presence {
  const { redis, prefix } = options;
  const ttlMs = options.ttlMs ?? PRESENCE_TTL_MS;
  const keys = (room: string) => [`${prefix}:chat:presence:${room}`, `${prefix}:chat:names:${room}`, `${prefix}:chat:rooms`];
  // This server's connections: `${room} ${person} ${connection}` -> entry. Refreshed every heartbeat.
  const local = new Map<string, { room: string; who: Presentee; connectionId: string }>();
  const localKey = (room: string, who: Presentee, connectionId: string) => `${room} ${who.person} ${connectionId}`;

  const toMembers = (flat: string[]): ChatMember[] => {
    const members: ChatMember[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const id = flat[i] as string;
      members.push({ id, name: flat[i + 1] as string, verified: id.startsWith('u:') });
    }
    return members.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  };

  const members = async (room: string) => toMembers((await redis.eval(MEMBERS_SCRIPT, 3, ...keys(room), Date.now(), room)) as string[]);

  const announce = async (room: string) => {
    const now = await members(room);
    const layer = options.layer();
    await layer.groupSend(chatRoomGroup(room), 'presence.changed', { room, members: now });
    await layer.groupSend(CHAT_LOBBY_GROUP, 'lobby.changed', { room, count: now.length });
    return now;
  };

  const report = (what: string) => (error: unknown) => console.error(`[switchyard] chat presence ${what} failed:`, (error as Error).message);

  const heartbeat = async () => {
    if (local.size === 0) return;
    const expiresAt = Date.now() + ttlMs;
    const batch = redis.pipeline();
    const entries = [...local.values()];
    for (const { room, who, connectionId } of entries) batch.zadd(keys(room)[0] as string, expiresAt, `${who.person} ${connectionId}`);
    const results = (await batch.exec()) ?? [];
    // An entry re-added (a sweep removed it during a long stall) is a change the room should hear about.
    const readded = new Set(entries.filter((_, i) => results[i]?.[1] === 1).map((e) => e.room));
    for (const room of readded) await announce(room);
  };

  const sweep = async () => {
    const rooms = await redis.smembers(`${prefix}:chat:rooms`);
    for (const room of rooms) {
      const gone = (await redis.eval(SWEEP_SCRIPT, 3, ...keys(room), Date.now(), room)) as number;
      if (gone > 0) await announce(room);
    }
  };

  const heartbeatTimer = setInterval(() => void heartbeat().catch(report('heartbeat')), options.heartbeatMs ?? PRESENCE_HEARTBEAT_MS);
  const sweepTimer = setInterval(() => void sweep().catch(report('sweep')), options.sweepMs ?? PRESENCE_SWEEP_MS);
  heartbeatTimer.unref();
  sweepTimer.unref();

  const leave = async (room: string, who: Presentee, connectionId: string) => {
    local.delete(localKey(room, who, connectionId));
    const changed = (await redis.eval(LEAVE_SCRIPT, 3, ...keys(room), Date.now(), who.person, connectionId, room)) as number;
    if (changed === 1) await announce(room);
  };

  return {
    async join(room, who, connectionId) {
      const now = Date.now();
      const result = (await redis.eval(JOIN_SCRIPT, 3, ...keys(room), now, now + ttlMs, who.person, connectionId, who.name, room)) as number;
      if (result === -1) throw new NameTaken(who.name);
      local.set(localKey(room, who, connectionId), { room, who, connectionId });
      return result === 1 ? announce(room) : members(room);
    },
    leave,
    members,
    async rooms() {
      const names = await redis.smembers(`${prefix}:chat:rooms`);
      const counted = await Promise.all(names.map(async (room) => ({ room, count: (await members(room)).length })));
      return counted.filter((r) => r.count > 0).sort((a, b) => b.count - a.count || a.room.localeCompare(b.room));
    },
    sweep,
    async close() {
      clearInterval(heartbeatTimer);
      clearInterval(sweepTimer);
      for (const { room, who, connectionId } of [...local.values()]) await leave(room, who, connectionId).catch(report('leave on close'));
    },
  };
}
