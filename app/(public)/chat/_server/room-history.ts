import 'server-only';
import { historyPage } from '../../../../server/features/chat/chat-history.ts';
import type { ChatMessage } from '../../../../server/features/chat/chat-protocol.ts';
import { pageDatabase } from '../../../_server/page-database.ts';

/**
 * The newest page of a room's history for the server-rendered room page
 * (the same query `room.join` answers with). Empty when the database is
 * unreachable: the live component loads it again when it joins.
 */
export async function roomHistory(room: string): Promise<{ messages: ChatMessage[]; hasOlder: boolean }> {
  try {
    return await historyPage(pageDatabase(), room);
  } catch (error) {
    console.error('[switchyard] pages: chat history failed:', (error as Error).message);
    return { messages: [], hasOlder: false };
  }
}
