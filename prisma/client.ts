import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';
import { MODEL_HOOKS } from './hooks/index.ts';
import { modelHooks } from './hooks/model-hooks.ts';

/**
 * The application's database client. Import this type (not the generated
 * client) wherever a function takes the database as a parameter.
 */
export type Database = PrismaClient;

export { Prisma } from './generated/client.ts';
export type { Session, User } from './generated/client.ts';

/**
 * Creates a Prisma client that talks to PostgreSQL through `pg` (the driver
 * adapter): no native query engine. Call `$disconnect()` to close its pool.
 * The model hooks (prisma/hooks) are applied: a write of a hooked model records
 * its messages in the outbox in the same transaction (docs/model-hooks.md).
 *
 * @example
 * const db = createPrismaClient(config.databaseUrl);
 * const user = await db.user.findUnique({ where: { username: 'ada' }, select: { id: true } });
 */
export function createPrismaClient(databaseUrl: string): Database {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  // A query extension changes no model or result type, so the hooked client keeps the PrismaClient type.
  return client.$extends(modelHooks(MODEL_HOOKS)) as unknown as Database;
}
