import { poolOf } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { storeMessages } from './store-messages.ts';
import type { NewMessage, StoredMessage } from './store-messages.ts';

/** Stores chat messages, many per statement when they arrive together. */
export type MessageWriter = {
  /**
   * Resolves once the message is committed, with its row (the original one,
   * `resent`, when this person already sent this `clientId` in the room);
   * rejects if its batch failed or its room does not exist (`RoomGone`).
   */
  write(message: NewMessage): Promise<StoredMessage>;
};

/** Most messages in one statement. */
const MAX_BATCH = 500;

/**
 * Group commit for chat messages: while one statement is in flight, the
 * messages that arrive queue up and go together in the next one
 * (store-messages.ts: one statement numbers, inserts and returns them all). An
 * idle writer sends a message at once, so batching adds no delay at low load
 * and saves a query per message at high load (the database round trip, not
 * the network, is what a busy server waits for). The statement goes through
 * `pg`, not Prisma, whose query compiler cost more server CPU than the INSERT
 * (docs/performance.md).
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
        const results = await storeMessages(
          pool,
          batch.map((entry) => entry.message),
        );
        batch.forEach((entry, i) => {
          const result = results[i] as StoredMessage | Error;
          if (result instanceof Error) entry.reject(result);
          else entry.resolve(result);
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
