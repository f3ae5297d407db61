import type { Database } from '../../prisma/client.ts';
import { CATCHUP_PAGE, HISTORY_PAGE } from '../protocol/chat.ts';
import type { ChatMessage } from '../protocol/chat.ts';

const columns = { id: true, roomName: true, userId: true, authorName: true, body: true, createdAt: true } as const;
type Row = { id: bigint; roomName: string; userId: string | null; authorName: string; body: string; createdAt: Date };

/** A stored message as clients see it (ids as decimal strings). */
export function toChatMessage(row: Row, clientId: string | null = null): ChatMessage {
  return {
    room: row.roomName,
    id: row.id.toString(),
    author: row.authorName,
    verified: row.userId !== null,
    body: row.body,
    at: row.createdAt.toISOString(),
    clientId,
  };
}

/** Creates the room's record if it has none (rooms exist once someone joins them). */
export async function ensureRoom(db: Database, room: string): Promise<void> {
  // INSERT ... ON CONFLICT DO NOTHING: concurrent first joins must not race (an upsert can fail with a unique violation).
  await db.chatRoom.createMany({ data: [{ name: room }], skipDuplicates: true });
}

/** Stores a message; once this resolves it is committed and may be broadcast. */
export async function storeMessage(db: Database, message: { room: string; userId: string | null; authorName: string; body: string }): Promise<Row> {
  return db.chatMessage.create({
    data: { roomName: message.room, userId: message.userId, authorName: message.authorName, body: message.body },
    select: columns,
  });
}

/** The newest page of a room's history before `before` (or the newest of all), oldest first. */
export async function historyPage(db: Database, room: string, before?: bigint): Promise<{ messages: ChatMessage[]; hasOlder: boolean }> {
  const rows = await db.chatMessage.findMany({
    where: { roomName: room, ...(before === undefined ? {} : { id: { lt: before } }) },
    orderBy: { id: 'desc' },
    take: HISTORY_PAGE + 1,
    select: columns,
  });
  return { messages: rows.slice(0, HISTORY_PAGE).reverse().map((r) => toChatMessage(r)), hasOlder: rows.length > HISTORY_PAGE };
}

/** Messages after `after`, oldest first, at most CATCHUP_PAGE; `hasMore` asks for another call. */
export async function messagesAfter(db: Database, room: string, after: bigint): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
  const rows = await db.chatMessage.findMany({
    where: { roomName: room, id: { gt: after } },
    orderBy: { id: 'asc' },
    take: CATCHUP_PAGE + 1,
    select: columns,
  });
  return { messages: rows.slice(0, CATCHUP_PAGE).map((r) => toChatMessage(r)), hasMore: rows.length > CATCHUP_PAGE };
}
