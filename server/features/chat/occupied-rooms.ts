import type { Redis } from 'ioredis';

/**
 * The chat rooms someone is in now, as chat presence records them: rooms with
 * live entries (`<prefix>:chat:counts`, a zset room → people that presence
 * keeps, server/chat/presence-scripts.ts KEYS[6]). The retention job keeps
 * these rooms' records whatever their age.
 */
export async function occupiedChatRooms(redis: Redis, prefix: string): Promise<Set<string>> {
  return new Set(await redis.zrangebyscore(`${prefix}:chat:counts`, 1, '+inf'));
}
