import type { RedisClient } from '../../layer/redis-connection.ts';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { poolOf } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import { RateLimited, SwitchyardError } from '../../errors.ts';
import { registeredOwner } from './registered-owner.ts';

/** Checks made before anyone enters a room's presence. */
export type RoomAdmission = {
  /**
   * Makes sure `room` has its record, creating it at the cost of one of the
   * address's room creations (RateLimited past CHAT_ROOMS_CREATED_PER_HOUR),
   * and, for a guest (`guestKey` given), that no registered username has that
   * name key (UsernameReserved). One database round trip when the room exists.
   */
  admit(room: string, address: string, guestKey: string | null, guestName: string): Promise<void>;
};

/** A guest chose a display name that is (or looks like) a registered user's username. */
export class UsernameReserved extends SwitchyardError {
  constructor(displayName: string) {
    super('conflict', `"${displayName}" is (or looks like) the name of a registered user; choose another display name, or log in if it is yours`);
  }
}

/** Options of `createRoomAdmission`. */
export type RoomAdmissionOptions = { db: Database; redis: RedisClient; prefix: string; roomsCreatedPerHour: number };

const ROOM_EXISTS = 'SELECT EXISTS (SELECT 1 FROM chat_rooms WHERE name = $1) AS exists';

/**
 * Creates the admission checks of one interface server. Rooms are created by
 * joining them and their records stay (until retention removes them), so an
 * address may create only so many per hour; joining an existing room is never
 * limited by it. The limit is kept in Redis (rate-limiter-flexible), shared by
 * every server.
 */
export function createRoomAdmission(options: RoomAdmissionOptions): RoomAdmission {
  const pool = poolOf(options.db);
  const creations = new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: `${options.prefix}:chat:rooms-created`,
    points: options.roomsCreatedPerHour,
    duration: 3600,
  });

  const charge = async (address: string) => {
    try {
      await creations.consume(address);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const wait = Math.max(1, Math.ceil(refusal.msBeforeNext));
      throw new RateLimited(
        wait,
        `this address created ${options.roomsCreatedPerHour} chat rooms in the last hour (CHAT_ROOMS_CREATED_PER_HOUR); join an existing room, or retry in ${wait} ms`,
      );
    }
  };

  return {
    async admit(room, address, guestKey, guestName) {
      const [exists, owner] = await Promise.all([
        pool.query<{ exists: boolean }>(ROOM_EXISTS, [room]).then((r) => r.rows[0]?.exists === true),
        guestKey === null ? null : registeredOwner(pool, guestKey),
      ]);
      if (owner !== null) throw new UsernameReserved(guestName);
      if (exists) return;
      await charge(address);
      // ON CONFLICT DO NOTHING: concurrent first joins must not race.
      await pool.query('INSERT INTO chat_rooms (name) VALUES ($1) ON CONFLICT DO NOTHING', [room]);
    },
  };
}
