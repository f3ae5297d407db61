import type { Database } from '../../prisma/client.ts';

/** Creates the room's record if it has none (rooms exist once someone joins them). */
export async function ensureRoom(db: Database, room: string): Promise<void> {
  // INSERT ... ON CONFLICT DO NOTHING: concurrent first joins must not race (an upsert can fail with a unique violation).
  await db.chatRoom.createMany({ data: [{ name: room }], skipDuplicates: true });
}
