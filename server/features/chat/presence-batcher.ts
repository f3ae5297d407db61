import { InvalidInput, PayloadTooLarge } from '../../errors.ts';
import type { ChannelLayer } from '../../layer/channel-layer.ts';
import { CHAT_LOBBY_GROUP, chatRoomGroup } from './chat-protocol.ts';
import type { ChatMember, LobbyRooms, PresenceChanged, PresenceDelta } from './chat-protocol.ts';
import { createKeyedThrottle } from './keyed-throttle.ts';

/** One change of a room's people as presence's scripts report it: the delta, and the room's count after it. */
export type PresenceChange = PresenceDelta & { room: string; count: number };

/** Options of `createPresenceBatcher`. */
export type PresenceBatcherOptions = {
  layer: () => ChannelLayer;
  /** The window (PRESENCE_BATCH_MS): at most one `presence.changed` per room, and one `lobby.changed`, per window. */
  windowMs: number;
  /** CHAT_MEMBER_LIST_MAX: a bigger room gets its count only; more changes than this in one window, the whole list. */
  listMax: number;
  /** A room's people now (at most `listMax` of them). */
  snapshot(room: string): Promise<{ members: ChatMember[]; count: number; version: number }>;
  /** The lobby now: its busiest rooms and the version they are at. */
  lobby(): Promise<LobbyRooms>;
  report(error: unknown): void;
};

/** Coalesces presence changes into bounded broadcasts. */
export type PresenceBatcher = {
  /** Records a change; it goes out with the room's next `presence.changed`. Never throws. */
  add(change: PresenceChange): void;
  /** Rooms (and the lobby) with changes not yet broadcast. */
  readonly pending: number;
  /** Broadcasts everything still waiting (on shutdown). */
  drain(): Promise<void>;
};

type Batch = { deltas: PresenceDelta[]; overflow: boolean; count: number; version: number };

const LOBBY = 'lobby';

/**
 * Creates the batcher of one interface server. A room's changes within a
 * window go out as ONE `presence.changed`: the deltas (small room, few
 * changes), or the whole list (small room, more changes than a list names),
 * or the count alone (a room bigger than a member list). So what each member
 * receives is bounded by time — servers × (1 + seconds / window) events —
 * not by how many people come and go, and no event is bigger than a member
 * list. A batch that could not be sent (Redis briefly unreachable) is kept,
 * merged with what came since, and sent at the next window's end; pages
 * repair anything else through the version gap. The lobby's counts go out
 * the same way, as its busiest rooms, at most once per window.
 */
export function createPresenceBatcher(options: PresenceBatcherOptions): PresenceBatcher {
  const { listMax } = options;
  const batches = new Map<string, Batch>();

  const merge = (room: string, older: Batch) => {
    const newer = batches.get(room);
    if (!newer) return void batches.set(room, older);
    const deltas = [...older.deltas, ...newer.deltas];
    const overflow = older.overflow || newer.overflow || deltas.length > listMax;
    const latest = newer.version >= older.version ? newer : older;
    batches.set(room, { deltas: overflow ? [] : deltas, overflow, count: latest.count, version: latest.version });
  };

  const payloadOf = async (room: string, batch: Batch): Promise<PresenceChanged> => {
    if (batch.count > listMax) return { room, count: batch.count, version: batch.version };
    if (!batch.overflow) return { room, count: batch.count, version: batch.version, changes: batch.deltas.sort((a, b) => a.version - b.version) };
    // Many changes in a small room: its whole list is smaller than they are.
    const now = await options.snapshot(room);
    const whole = now.members.length >= now.count;
    return whole ? { room, count: now.count, version: now.version, members: now.members } : { room, count: now.count, version: now.version };
  };

  const sendRoom = async (room: string) => {
    const batch = batches.get(room);
    if (!batch) return true;
    batches.delete(room);
    try {
      const payload = await payloadOf(room, batch);
      const group = chatRoomGroup(room);
      await options.layer().groupSend(group, 'presence.changed', payload).catch(async (error: unknown) => {
        // Names too long for MAX_MESSAGE_BYTES: the count still goes out (pages then show it with what they have).
        if (!(error instanceof PayloadTooLarge)) throw error;
        await options.layer().groupSend(group, 'presence.changed', { room, count: payload.count, version: payload.version });
      });
      return true;
    } catch (error) {
      options.report(error);
      // A payload the layer refuses would be refused again: only what may work later is kept.
      if (error instanceof InvalidInput) return true;
      merge(room, batch);
      return false;
    }
  };

  const sendLobby = async () => {
    try {
      await options.layer().groupSend(CHAT_LOBBY_GROUP, 'lobby.changed', await options.lobby());
      return true;
    } catch (error) {
      options.report(error);
      return false;
    }
  };

  const rooms = createKeyedThrottle(options.windowMs, sendRoom);
  const lobby = createKeyedThrottle(options.windowMs, sendLobby);

  return {
    add(change) {
      const { room, count, ...delta } = change;
      const batch = batches.get(room) ?? { deltas: [], overflow: false, count, version: 0 };
      if (delta.version > batch.version) Object.assign(batch, { count, version: delta.version });
      if (!batch.overflow) batch.deltas.push(delta);
      if (batch.deltas.length > listMax) Object.assign(batch, { deltas: [], overflow: true });
      batches.set(room, batch);
      rooms.touch(room);
      if (delta.kind !== 'renamed') lobby.touch(LOBBY);
    },
    get pending() {
      return rooms.busy + lobby.busy;
    },
    async drain() {
      await Promise.all([rooms.drain(), lobby.drain()]);
    },
  };
}
