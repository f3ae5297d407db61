import type { Database } from '../../../prisma/client.ts';
import { CATCHUP_PAGE, HISTORY_PAGE } from './chat-protocol.ts';
import type { ChatMessage } from './chat-protocol.ts';

const columns = { id: true, seq: true, roomName: true, userId: true, authorName: true, body: true, clientId: true, createdAt: true } as const;

/** A stored message's fields, as read or written. */
export type MessageRow = {
  id: bigint;
  seq: bigint;
  roomName: string;
  userId: string | null;
  authorName: string;
  body: string;
  clientId: string | null;
  createdAt: Date;
};

/** A stored message as clients see it (ids and seqs as decimal strings). */
export function toChatMessage(row: MessageRow): ChatMessage {
  return {
    room: row.roomName,
    id: row.id.toString(),
    seq: row.seq.toString(),
    author: row.authorName,
    verified: row.userId !== null,
    body: row.body,
    at: row.createdAt.toISOString(),
    clientId: row.clientId,
  };
}

/** The newest page of a room's history before seq `before` (or the newest of all), oldest first. */
export async function historyPage(db: Database, room: string, before?: bigint): Promise<{ messages: ChatMessage[]; hasOlder: boolean }> {
  const rows = await db.chatMessage.findMany({
    where: { roomName: room, ...(before === undefined ? {} : { seq: { lt: before } }) },
    orderBy: { seq: 'desc' },
    take: HISTORY_PAGE + 1,
    select: columns,
  });
  return { messages: rows.slice(0, HISTORY_PAGE).reverse().map(toChatMessage), hasOlder: rows.length > HISTORY_PAGE };
}

/**
 * Messages after seq `after`, oldest first, at most CATCHUP_PAGE; `hasMore`
 * asks for another call. Seqs commit in order (store-messages.ts), so what
 * this returns never has a hole that a later read could fill.
 */
export async function messagesAfter(db: Database, room: string, after: bigint): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
  const rows = await db.chatMessage.findMany({
    where: { roomName: room, seq: { gt: after } },
    orderBy: { seq: 'asc' },
    take: CATCHUP_PAGE + 1,
    select: columns,
  });
  return { messages: rows.slice(0, CATCHUP_PAGE).map(toChatMessage), hasMore: rows.length > CATCHUP_PAGE };
}
