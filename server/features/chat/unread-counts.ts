import type { Database } from '../../../prisma/client.ts';
import { UNREAD_COUNT_MAX } from './chat-protocol.ts';

/**
 * How many messages each room has after seq `after`, counted up to
 * UNREAD_COUNT_MAX (each count reads at most that many index entries), in the
 * order asked. A room that does not exist has 0.
 */
export async function unreadCounts(db: Database, rooms: readonly { room: string; after: bigint }[]): Promise<{ room: string; unread: number }[]> {
  return Promise.all(
    rooms.map(async ({ room, after }) => ({
      room,
      unread: await db.chatMessage.count({ where: { roomName: room, seq: { gt: after } }, take: UNREAD_COUNT_MAX }),
    })),
  );
}
