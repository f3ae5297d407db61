import { poolOf } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { CATCHUP_PAGE, HISTORY_PAGE } from './chat-protocol.ts';
import type { ChatMessage } from './chat-protocol.ts';

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

// Through the pool, not Prisma: every room.join reads a page, and Prisma's query compiler costs more CPU than the query
// (docs/performance.md). Named statements: each connection parses and plans them once. created_at is stored without a
// time zone, in UTC.
const COLUMNS = `id, seq, room_name, user_id, author_name, body, client_id, created_at AT TIME ZONE 'UTC' AS created_at`;
const PAGE_SQL = `SELECT ${COLUMNS} FROM chat_messages WHERE room_name = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`;
const AFTER_SQL = `SELECT ${COLUMNS} FROM chat_messages WHERE room_name = $1 AND seq > $2 ORDER BY seq ASC LIMIT $3`;

type Row = { id: string; seq: string; room_name: string; user_id: string | null; author_name: string; body: string; client_id: string | null; created_at: Date };

const toRow = (row: Row): MessageRow => ({
  id: BigInt(row.id),
  seq: BigInt(row.seq),
  roomName: row.room_name,
  userId: row.user_id,
  authorName: row.author_name,
  body: row.body,
  clientId: row.client_id,
  createdAt: row.created_at,
});

// Larger than any seq: "before" the end of the room.
const NEWEST = '9223372036854775807';

/** The newest page of a room's history before seq `before` (or the newest of all), oldest first. */
export async function historyPage(db: Database, room: string, before?: bigint): Promise<{ messages: ChatMessage[]; hasOlder: boolean }> {
  const { rows } = await poolOf(db).query<Row>({ name: 'chat-history-page', text: PAGE_SQL, values: [room, before?.toString() ?? NEWEST, HISTORY_PAGE + 1] });
  return { messages: rows.slice(0, HISTORY_PAGE).reverse().map((row) => toChatMessage(toRow(row))), hasOlder: rows.length > HISTORY_PAGE };
}

/**
 * Messages after seq `after`, oldest first, at most CATCHUP_PAGE; `hasMore`
 * asks for another call. Seqs commit in order (store-messages.ts), so what
 * this returns never has a hole that a later read could fill.
 */
export async function messagesAfter(db: Database, room: string, after: bigint): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
  const { rows } = await poolOf(db).query<Row>({ name: 'chat-messages-after', text: AFTER_SQL, values: [room, after.toString(), CATCHUP_PAGE + 1] });
  return { messages: rows.slice(0, CATCHUP_PAGE).map((row) => toChatMessage(toRow(row))), hasMore: rows.length > CATCHUP_PAGE };
}
