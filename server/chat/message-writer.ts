import { poolOf } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';

/** A message to store, and what storing it returns. */
export type NewMessage = { room: string; userId: string | null; authorName: string; body: string };
export type StoredMessage = NewMessage & { id: bigint; createdAt: Date };
type Row = { id: string; created_at: Date };

/** Stores chat messages, many per INSERT when they arrive together. */
export type MessageWriter = {
  /** Resolves once the message is committed, with its id and time; rejects if its batch failed. */
  write(message: NewMessage): Promise<StoredMessage>;
};

/** Most messages in one INSERT. */
const MAX_BATCH = 500;

/**
 * Group commit for chat messages: while one INSERT is in flight, the messages
 * that arrive queue up and go together in the next one (`INSERT … VALUES
 * (…), (…) RETURNING`). An idle writer sends a message at once, so batching
 * adds no delay at low load and saves a query per message at high load (the
 * database round trip, not the network, is what a busy server waits for).
 * Rows come back in VALUES order, which PostgreSQL follows for a single
 * multi-row INSERT, so each caller gets its own id. The statement goes
 * through `pg`, not Prisma, whose query compiler cost more server CPU than
 * the INSERT (docs/performance.md).
 */
export function createMessageWriter(db: Database): MessageWriter {
  const pool = poolOf(db);
  const queue: { message: NewMessage; resolve(stored: StoredMessage): void; reject(error: unknown): void }[] = [];
  let flushing = false;

  async function flush() {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const tuples = batch.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`);
        const { rows } = await pool.query<Row>(
          // created_at is a timestamp without time zone, in UTC (as Prisma writes and reads it).
          `INSERT INTO chat_messages (room_name, user_id, author_name, body) VALUES ${tuples.join(', ')}
           RETURNING id, created_at AT TIME ZONE 'UTC' AS created_at`,
          batch.flatMap(({ message: m }) => [m.room, m.userId, m.authorName, m.body]),
        );
        if (rows.length !== batch.length) throw new Error(`stored ${rows.length} of ${batch.length} chat messages`);
        batch.forEach((entry, i) => {
          const row = rows[i] as Row;
          entry.resolve({ ...entry.message, id: BigInt(row.id), createdAt: row.created_at });
        });
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    flushing = false;
  }

  return {
    write(message) {
      return new Promise<StoredMessage>((resolve, reject) => {
        queue.push({ message, resolve, reject });
        if (!flushing) void flush();
      });
    },
  };
}
