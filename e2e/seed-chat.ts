import { withDatabase } from './seed-liveblog.ts';

/** A message to seed: who said it, what, and when. */
export type SeedMessage = { author: string; body: string; at: Date };

/**
 * Writes a room and its messages straight into the database (seq 1, 2, … in
 * the order given), as if they had been said at the times given — what a test
 * needs to start from a long room, or from fixed data for screenshots. Raw
 * SQL, so nothing is broadcast: pages load these as history.
 */
export async function seedMessages(room: string, messages: SeedMessage[], url?: string): Promise<void> {
  await withDatabase(async (db) => {
    await db.query('INSERT INTO chat_rooms (name, last_seq) VALUES ($1, $2)', [room, messages.length]);
    for (const [i, m] of messages.entries()) {
      await db.query('INSERT INTO chat_messages (room_name, seq, person, author_name, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        room,
        i + 1,
        `v:seed-${m.author}`,
        m.author,
        m.body,
        m.at,
      ]);
    }
  }, url);
}

/** `count` messages a minute apart, ending a minute before now, from two people taking turns. */
export function chatter(count: number, now = new Date()): SeedMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    author: i % 2 === 0 ? 'Rosa' : 'Sam',
    body: `Earlier message ${i + 1}`,
    at: new Date(now.getTime() - (count - i) * 60_000),
  }));
}
