import type { RedisClient } from '../../layer/redis-connection.ts';
import { redisScript } from '../../layer/redis-script.ts';
import { SwitchyardError } from '../../errors.ts';
import type { ChannelLayer } from '../../layer/channel-layer.ts';
import type { ChatMember, LobbyRooms, PresenceDelta } from './chat-protocol.ts';
import { createPresenceBatcher } from './presence-batcher.ts';
import { JOIN_SCRIPT, LEAVE_SCRIPT, LOBBY_SCRIPT, SNAPSHOT_SCRIPT, presenceKey } from './presence-scripts.ts';
import { logger } from '../../log/logger.ts';

const log = logger.child({ module: 'chat-presence' });

/** Who a connection is in a room: `person` is `u:<user id>` or `v:<visitor id>`; `key` its name's comparison key (name-key.ts). */
export type Presentee = { person: string; name: string; key: string };

/** Some of a room's people (at most the list limit), how many there are, and the version they are at. */
export type PresenceSnapshot = { members: ChatMember[]; count: number; version: number };

/** Options of chat presence; the timings default to the documented bound (server/features/chat/chat-protocol.ts). */
export type PresenceOptions = {
  redis: RedisClient;
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Where `presence.changed` and `lobby.changed` are published. */
  layer: () => ChannelLayer;
  /** Most people a snapshot lists (CHAT_MEMBER_LIST_MAX); bigger rooms' changes go out as counts. */
  listMax: number;
  /** Most rooms `rooms()` returns (CHAT_LOBBY_ROOMS_MAX). */
  lobbyMax: number;
  /** The window over which a room's changes are coalesced into one event (PRESENCE_BATCH_MS). */
  batchMs: number;
  /**
   * An entry's life unless its server refreshes it (PRESENCE_TTL_MS). The server refreshes its entries
   * every third of it and every server sweeps expired ones every quarter, unless the two below say
   * otherwise; so a killed server's people leave the member lists within 1.25 × TTL (30 s by default).
   */
  ttlMs: number;
  heartbeatMs?: number;
  sweepMs?: number;
};

/**
 * Who is in each room right now, shared by every interface server through
 * Redis. Entries are per connection and counted per person, so two tabs
 * count once. The server holding a connection refreshes its entry every
 * heartbeat; a killed server's entries expire and any server's sweep removes
 * them and announces the change. Each server coalesces a room's changes over
 * a window into one `presence.changed` (presence-batcher.ts); nothing sends
 * or reads a whole room.
 */
export type Presence = {
  /** Enters a room; throws NameTaken when another person present uses the name's key. */
  join(room: string, who: Presentee, connectionId: string): Promise<PresenceSnapshot>;
  /** Leaves a room (explicitly or on disconnect); the entry stops being refreshed even if Redis fails now. */
  leave(room: string, who: Presentee, connectionId: string): Promise<void>;
  /** A room's snapshot (for a page that saw a version gap, or wants names in a big room). */
  snapshot(room: string): Promise<PresenceSnapshot>;
  /** The busiest rooms (at most `lobbyMax`), how many people each has, and the version of that reading. */
  rooms(): Promise<LobbyRooms>;
  /** One sweep of expired entries now (the timer does it every `sweepMs`). */
  sweep(): Promise<void>;
  /** Stops the timers, removes this server's entries and broadcasts what is still waiting (again: nothing more). */
  close(): Promise<void>;
};

/** Another person present in the room already uses the display name (or one that looks the same). */
export class NameTaken extends SwitchyardError {
  constructor(readonly displayName: string) {
    super('conflict', `"${displayName}" (or a name that looks like it) is already used by someone in this room; choose another display name`);
  }
}

/** Entries one sweep round removes at most (a sweep runs rounds until none are left). */
const SWEEP_BATCH = 500;
/** A room's version outlives its last change by this long (rooms idle longer start again at 1). */
const VERSION_TTL_MS = 86_400_000;

const memberOf = (person: string, value: string): ChatMember => ({
  id: person,
  name: value.slice(value.indexOf('\n') + 1),
  verified: person.startsWith('u:'),
});

const membersOf = (flat: unknown[]): ChatMember[] => {
  const members: ChatMember[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) members.push(memberOf(String(flat[i]), String(flat[i + 1])));
  return members.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
};

/** Creates the presence service of one interface server and starts its heartbeat and sweep timers. */
export function createPresence(options: PresenceOptions): Presence {
  const { redis, prefix } = options;
  const { ttlMs } = options;
  const entries = presenceKey(prefix, 'entries');
  const keys = (room: string) => [
    entries,
    presenceKey(prefix, 'people', room),
    presenceKey(prefix, 'names', room),
    presenceKey(prefix, 'keys', room),
    presenceKey(prefix, 'version', room),
    presenceKey(prefix, 'counts'),
  ];
  // This server's connections: `${room} ${person} ${connection}` (the entry's member) -> who. Refreshed every heartbeat.
  const local = new Map<string, { room: string; who: Presentee; connectionId: string }>();
  const entryOf = (room: string, person: string, connectionId: string) => `${room} ${person} ${connectionId}`;

  const joinScript = redisScript(redis, 'switchyardPresenceJoin', 6, JOIN_SCRIPT);
  const leaveScript = redisScript(redis, 'switchyardPresenceLeave', 6, LEAVE_SCRIPT);
  const snapshotScript = redisScript(redis, 'switchyardPresenceSnapshot', 6, SNAPSHOT_SCRIPT);
  const lobbyScript = redisScript(redis, 'switchyardPresenceLobby', 1, LOBBY_SCRIPT);

  const report = (what: string) => (error: unknown) => log.error({ err: error }, `chat presence ${what} failed`);

  const snapshot = async (room: string): Promise<PresenceSnapshot> => {
    const result = (await snapshotScript(...keys(room), options.listMax)) as unknown[];
    return { members: membersOf(result.slice(2)), count: Number(result[1]), version: Number(result[0]) };
  };

  const rooms = async (): Promise<LobbyRooms> => {
    const [version, ...flat] = (await lobbyScript(presenceKey(prefix, 'counts'), options.lobbyMax)) as [number, ...string[]];
    const list: LobbyRooms['rooms'] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) list.push({ room: flat[i] as string, count: Number(flat[i + 1]) });
    return { rooms: list, version: Number(version) };
  };

  const batcher = createPresenceBatcher({
    layer: options.layer,
    windowMs: options.batchMs,
    listMax: options.listMax,
    snapshot,
    lobby: rooms,
    report: report('announcement'),
  });

  const announce = (kind: PresenceDelta['kind'], room: string, person: string, result: unknown[]) =>
    batcher.add({ kind, room, member: memberOf(person, String(result[3])), count: Number(result[2]), version: Number(result[1]) });

  const enter = async (room: string, who: Presentee, connectionId: string) => {
    const now = Date.now();
    const args = [now + ttlMs, room, who.person, connectionId, who.name, who.key, VERSION_TTL_MS, options.listMax];
    const result = (await joinScript(...keys(room), ...args)) as unknown[];
    const status = Number(result[0]);
    if (status === -1) throw new NameTaken(who.name);
    if (status === 1 || status === 2) announce(status === 1 ? 'joined' : 'renamed', room, who.person, result);
    return { members: membersOf(result.slice(4)), count: Number(result[2]), version: Number(result[1]) };
  };

  const remove = async (room: string, person: string, connectionId: string, mode: 'leave' | 'expire') => {
    const result = (await leaveScript(...keys(room), room, person, connectionId, mode, Date.now(), VERSION_TTL_MS)) as unknown[];
    if (Number(result[0]) === 1) announce('left', room, person, result);
  };

  const heartbeat = async () => {
    if (local.size === 0) return;
    const expiresAt = Date.now() + ttlMs;
    const batch = redis.pipeline();
    const mine = [...local.entries()];
    for (const [entry] of mine) batch.zadd(entries, 'XX', 'CH', expiresAt, entry);
    const results = (await batch.exec()) ?? [];
    // An entry a sweep removed during a long stall is entered again (and the room hears of it).
    for (const [i, [entry, { room, who, connectionId }]] of mine.entries()) {
      if (results[i]?.[0] || results[i]?.[1] !== 0 || !local.has(entry)) continue;
      await enter(room, who, connectionId).catch(report('re-entering after a stall'));
    }
  };

  const sweep = async () => {
    for (;;) {
      const expired = await redis.zrangebyscore(entries, '-inf', Date.now(), 'LIMIT', 0, SWEEP_BATCH);
      for (const entry of expired) {
        const [room, person, connectionId] = entry.split(' ') as [string, string, string];
        await remove(room, person, connectionId, 'expire');
      }
      if (expired.length < SWEEP_BATCH) return;
    }
  };

  const heartbeatTimer = setInterval(() => void heartbeat().catch(report('heartbeat')), options.heartbeatMs ?? ttlMs / 3);
  const sweepTimer = setInterval(() => void sweep().catch(report('sweep')), options.sweepMs ?? ttlMs / 4);
  heartbeatTimer.unref();
  sweepTimer.unref();

  const leave = async (room: string, who: Presentee, connectionId: string) => {
    // Forget it locally first: if Redis fails now, the entry is no longer refreshed and expires within the bound.
    local.delete(entryOf(room, who.person, connectionId));
    await remove(room, who.person, connectionId, 'leave');
  };

  return {
    async join(room, who, connectionId) {
      const snapshot = await enter(room, who, connectionId);
      local.set(entryOf(room, who.person, connectionId), { room, who, connectionId });
      return snapshot;
    },
    leave,
    snapshot,
    rooms,
    sweep,
    async close() {
      clearInterval(heartbeatTimer);
      clearInterval(sweepTimer);
      await Promise.all([...local.values()].map(({ room, who, connectionId }) => leave(room, who, connectionId).catch(report('leave on close'))));
      await batcher.drain();
    },
  };
}
