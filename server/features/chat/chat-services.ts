import type { RedisClient, RedisTarget } from '../../layer/redis-connection.ts';
import type { Database } from '../../../prisma/client.ts';
import type { ChannelLayer } from '../../layer/channel-layer.ts';
import { closeRedis, openRedis } from '../../layer/redis-connection.ts';
import { createMessageWriter } from './message-writer.ts';
import type { MessageWriter } from './message-writer.ts';
import { createPersonRateLimit } from './person-rate-limit.ts';
import type { PersonRateLimit } from './person-rate-limit.ts';
import { createPresence } from './presence.ts';
import type { Presence } from './presence.ts';
import { createRoomAdmission } from './room-admission.ts';
import type { RoomAdmission } from './room-admission.ts';
import { createVisitorSigner } from '../../auth/visitor-token.ts';
import type { VisitorSigner } from '../../auth/visitor-token.ts';

/** The chat limits of config.ts (CHAT_*, PRESENCE_BATCH_MS). */
export type ChatLimits = {
  roomsPerConnection: number;
  /** Messages a person may post, per connection and (across their connections and servers) per person. */
  messageRate: { perSecond: number; burst: number };
  roomsCreatedPerHour: number;
  memberListMax: number;
  lobbyRoomsMax: number;
  presenceBatchMs: number;
  presenceTtlMs: number;
};

/** What the chat consumer needs besides the database: presence, the message writer, the per-person limit, visitor ids. */
export type ChatServices = {
  readonly presence: Presence;
  /** Room records (created within the per-address limit) and reserved usernames, checked before a join. */
  readonly admission: RoomAdmission;
  readonly limits: ChatLimits;
  /** Stores messages (batched under load). */
  readonly writer: MessageWriter;
  readonly rateLimit: PersonRateLimit;
  readonly visitors: VisitorSigner;
  close(): Promise<void>;
};

/** Options of the chat services of one interface server. */
export type ChatServicesOptions = {
  db: Database;
  /** Where presence, the per-person rate limit and room admission keep their counts. */
  redis: RedisTarget;
  prefix: string;
  secretKey: string;
  limits: ChatLimits;
  layer: () => ChannelLayer;
};

/** Starts the chat services of an interface server (one Redis connection, presence timers). */
export function createChatServices(options: ChatServicesOptions): ChatServices {
  const redis: RedisClient = openRedis(options.redis, 'chat');
  const { limits } = options;
  const presence = createPresence({
    redis,
    prefix: options.prefix,
    layer: options.layer,
    listMax: limits.memberListMax,
    lobbyMax: limits.lobbyRoomsMax,
    batchMs: limits.presenceBatchMs,
    ttlMs: limits.presenceTtlMs,
  });
  return {
    presence,
    admission: createRoomAdmission({ db: options.db, redis, prefix: options.prefix, roomsCreatedPerHour: limits.roomsCreatedPerHour }),
    limits,
    writer: createMessageWriter(options.db),
    rateLimit: createPersonRateLimit(redis, options.prefix, limits.messageRate),
    visitors: createVisitorSigner(options.secretKey),
    async close() {
      await presence.close();
      await closeRedis(redis);
    },
  };
}
