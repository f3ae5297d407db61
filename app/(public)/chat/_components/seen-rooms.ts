import { z } from 'zod';
import { messageSeqSchema, roomNameSchema, UNREAD_ROOMS_MAX } from '../../../../server/features/chat/chat-protocol.ts';

const SEEN_KEY = 'sy-chat-seen';
const seenSchema = z.array(z.object({ room: roomNameSchema, seq: messageSeqSchema })).max(UNREAD_ROOMS_MAX);

/** The rooms this browser was in lately, most recent first, each with the newest seq read there ("0": none). */
export type SeenRooms = z.infer<typeof seenSchema>;

/** What `markRoomSeen` stored (nothing, or anything unreadable, is no rooms). */
export function readSeenRooms(): SeenRooms {
  try {
    const parsed = seenSchema.safeParse(JSON.parse(localStorage.getItem(SEEN_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/**
 * Records that the reader has read `room` up to `seq` (null: an empty room),
 * moving it to the front; only the UNREAD_ROOMS_MAX most recent rooms are kept
 * (as many as the lobby asks about).
 */
export function markRoomSeen(room: string, seq: string | null): void {
  const rest = readSeenRooms().filter((entry) => entry.room !== room);
  localStorage.setItem(SEEN_KEY, JSON.stringify([{ room, seq: seq ?? '0' }, ...rest].slice(0, UNREAD_ROOMS_MAX)));
}
