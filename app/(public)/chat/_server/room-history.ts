import 'server-only';
import { createPrismaClient } from '../../../../prisma/client.ts';
import type { Database } from '../../../../prisma/client.ts';
import { historyPage } from '../../../../server/chat/chat-history.ts';
import { loadConfig } from '../../../../server/config.ts';
import type { ChatMessage } from '../../../../server/protocol/index.ts';

// One PrismaClient per process, kept on globalThis like app/_server/current-user.ts does.
const holder = globalThis as typeof globalThis & { __switchyardChatDb?: Database };

/**
 * The newest page of a room's history for the server-rendered room page
 * (the same query `room.join` answers with). Empty when the database is
 * unreachable: the live component loads it again when it joins.
 */
export async function roomHistory(room: string): Promise<{ messages: ChatMessage[]; hasOlder: boolean }> {
  holder.__switchyardChatDb ??= createPrismaClient(loadConfig().databaseUrl);
  try {
    return await historyPage(holder.__switchyardChatDb, room);
  } catch (error) {
    console.error('[switchyard] pages: chat history failed:', (error as Error).message);
    return { messages: [], hasOlder: false };
  }
}
