import type { RedisClient } from '../../layer/redis-connection.ts';
import { presenceKey } from './presence-scripts.ts';

/**
 * The chat rooms someone is in now, as chat presence records them: rooms with
 * live entries (`<prefix>:{chat}:counts`, a zset room → people that presence
 * keeps, server/features/chat/presence-scripts.ts KEYS[6]). The retention job keeps
 * these rooms' records whatever their age.
 */
export async function occupiedChatRooms(redis: RedisClient, prefix: string): Promise<Set<string>> {
  return new Set(await redis.zrangebyscore(presenceKey(prefix, 'counts'), 1, '+inf'));
}
