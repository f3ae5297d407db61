import 'server-only';
import { createPrismaClient } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { loadConfig } from '../../server/config.ts';
import { app } from '../../server/features/index.ts';

// One client (one pg pool) per process, created on first use and kept on
// globalThis so that module re-evaluation (dev reloads, several route bundles)
// does not open a new pool each time.
const holder = globalThis as typeof globalThis & { __switchyardPageDatabase?: Database };

/**
 * The database client of pages, route handlers and server actions: the hooked
 * client (a write of a hooked model is published after commit), one per process.
 *
 * @example
 * const liveblogs = await listLiveblogs(pageDatabase());
 */
export function pageDatabase(): Database {
  holder.__switchyardPageDatabase ??= createPrismaClient(loadConfig().databaseUrl, { hooks: app.hooks });
  return holder.__switchyardPageDatabase;
}
