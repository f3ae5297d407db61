import type { Pool, PoolClient } from 'pg';
import { NotFound } from '../../errors.ts';

/** A message to store. `person` is the sender (`u:<user id>` / `v:<visitor id>`); `clientId` the sender's own id for it, if any. */
export type NewMessage = { room: string; userId: string | null; person: string; authorName: string; body: string; clientId: string | null };

/**
 * A committed message. `resent` is true when the room already had this
 * person's message with this `clientId`: then every field is the original's.
 */
export type StoredMessage = {
  room: string;
  id: bigint;
  seq: bigint;
  userId: string | null;
  authorName: string;
  body: string;
  clientId: string | null;
  createdAt: Date;
  resent: boolean;
};

/** Where the statement runs: the pool (autocommit) or a client inside a caller's transaction. */
export type Queryable = Pick<Pool | PoolClient, 'query'>;

/** The room a message was for does not exist (any more); the sender should join it again. */
export class RoomGone extends NotFound {
  constructor(room: string) {
    super(`room "${room}" does not exist any more; join it again`);
  }
}

type Row = { ord: string; id: string; seq: string; user_id: string | null; author_name: string; body: string; client_id: string | null; created_at: Date; resent: boolean };

// One statement per batch, so one round trip. Each room's row is locked (in
// name order, so two writers never deadlock) and its `last_seq` read after any
// earlier writer of that room committed; the messages take the next numbers
// and the row lock is held until this statement commits. So a room's messages
// commit in `seq` order, and a reader that saw seq n has seen every seq below n.
// A (room, person, client_id) already stored returns its original row (the
// no-op DO UPDATE is what makes RETURNING include it); its number is skipped.
const STORE_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
    AS t(room_name, user_id, person, author_name, body, client_id, ord)
), locked AS (
  SELECT name, last_seq FROM chat_rooms WHERE name IN (SELECT room_name FROM input) ORDER BY name FOR NO KEY UPDATE
), numbered AS (
  SELECT input.*, locked.last_seq + row_number() OVER (PARTITION BY input.room_name ORDER BY input.ord) AS seq
  FROM input JOIN locked ON locked.name = input.room_name
), bumped AS (
  UPDATE chat_rooms SET last_seq = top.seq
  FROM (SELECT room_name, max(seq) AS seq FROM numbered GROUP BY room_name) AS top
  WHERE chat_rooms.name = top.room_name
), stored AS (
  INSERT INTO chat_messages (room_name, seq, user_id, person, author_name, body, client_id)
  SELECT room_name, seq, user_id, person, author_name, body, client_id FROM numbered ORDER BY ord
  ON CONFLICT (room_name, person, client_id) DO UPDATE SET client_id = EXCLUDED.client_id
  RETURNING id, room_name, seq, user_id, person, author_name, body, client_id, created_at
)
SELECT n.ord, s.id, s.seq, s.user_id, s.author_name, s.body, s.client_id,
       s.created_at AT TIME ZONE 'UTC' AS created_at, s.seq <> n.seq AS resent
FROM numbered n JOIN stored s
  ON s.room_name = n.room_name AND (s.seq = n.seq OR (s.person = n.person AND s.client_id = n.client_id))`;

/**
 * Stores messages in one statement and returns, in input order, each one's
 * committed row, or a `RoomGone` error for a message whose room has no record.
 * Two messages of one batch with the same (room, person, clientId) are stored
 * once (the second is `resent`).
 */
export async function storeMessages(db: Queryable, messages: readonly NewMessage[]): Promise<(StoredMessage | RoomGone)[]> {
  // ON CONFLICT DO UPDATE may not touch one row twice in a statement: send each idempotency key once.
  const firstOf = new Map<string, number>();
  const unique: NewMessage[] = [];
  const slot = messages.map((m) => {
    const key = m.clientId === null ? null : `${m.room}\n${m.person}\n${m.clientId}`;
    const seen = key === null ? undefined : firstOf.get(key);
    if (seen !== undefined) return { index: seen, duplicate: true };
    unique.push(m);
    if (key !== null) firstOf.set(key, unique.length - 1);
    return { index: unique.length - 1, duplicate: false };
  });
  const column = <K extends keyof NewMessage>(k: K) => unique.map((m) => m[k]);
  // A named statement: each connection parses and plans it once (its parameters are arrays, whatever the batch size).
  const { rows } = await db.query<Row>({
    name: 'chat-store-messages',
    text: STORE_SQL,
    values: [column('room'), column('userId'), column('person'), column('authorName'), column('body'), column('clientId')],
  });
  const byOrd = new Map(rows.map((row) => [Number(row.ord) - 1, row]));
  return slot.map(({ index, duplicate }) => {
    const row = byOrd.get(index);
    const room = (unique[index] as NewMessage).room;
    if (!row) return new RoomGone(room);
    return {
      room,
      id: BigInt(row.id),
      seq: BigInt(row.seq),
      userId: row.user_id,
      authorName: row.author_name,
      body: row.body,
      clientId: row.client_id,
      createdAt: row.created_at,
      resent: row.resent || duplicate,
    };
  });
}
