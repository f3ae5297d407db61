import type { ChannelLayer } from '../layer/channel-layer.ts';
import { CHAT_LOBBY_GROUP, chatRoomGroup } from '../protocol/chat.ts';
import type { ChatMember } from '../protocol/chat.ts';

/** One change of a room's people: `presence.<kind>` to the room (and the count to the lobby). */
export type PresenceChange = { kind: 'joined' | 'left' | 'renamed'; room: string; member: ChatMember; count: number; version: number };

/** Sends presence changes; a change that could not be sent is kept and sent again, in order. */
export type PresenceAnnouncer = {
  /** Sends the change now, or queues it behind earlier unsent ones; never throws. */
  announce(change: PresenceChange): Promise<void>;
  /** Sends what is queued (the heartbeat calls it); stops at the first failure. */
  flush(): Promise<void>;
  /** Changes waiting to be sent again. */
  readonly pending: number;
};

/** Most unsent changes kept; past it the oldest are dropped (pages resync on the version gap). */
export const UNSENT_CHANGES_MAX = 1000;

/**
 * Creates the announcer of one interface server. A change is small (one
 * member), so no room's size can make it fail the message limit; one that
 * fails (Redis briefly unreachable) is queued and retried on the next
 * heartbeat rather than lost, so pages do not keep a ghost. Each change
 * carries the room's presence version: a page that sees a gap (a dropped or
 * reordered change, say from two servers) asks for a snapshot.
 */
export function createPresenceAnnouncer(layer: () => ChannelLayer, report: (error: unknown) => void): PresenceAnnouncer {
  const unsent: PresenceChange[] = [];

  const send = async ({ kind, room, member, count, version }: PresenceChange) => {
    await layer().groupSend(chatRoomGroup(room), `presence.${kind}`, { room, member, count, version });
    if (kind !== 'renamed') await layer().groupSend(CHAT_LOBBY_GROUP, 'lobby.changed', { room, count });
  };

  const flush = async () => {
    while (unsent.length > 0) {
      try {
        await send(unsent[0] as PresenceChange);
      } catch (error) {
        report(error);
        return;
      }
      unsent.shift();
    }
  };

  return {
    async announce(change) {
      unsent.push(change);
      if (unsent.length > UNSENT_CHANGES_MAX) unsent.shift();
      if (unsent.length === 1) await flush();
    },
    flush,
    get pending() {
      return unsent.length;
    },
  };
}
