// Unref the schema engine's long timers in this (CLI) process, so migrate
// commands exit as soon as they are done; prisma/migrate.ts also preloads it.
import './prisma/cli/unref-timers.cjs';
import { defineConfig } from 'prisma/config';
import { createSchemaEngineAdapter } from './prisma/cli/schema-engine-adapter.ts';
import { databaseUrlFromEnv } from './prisma/database-url.ts';

// Prisma CLI configuration. Schema commands run the WebAssembly schema engine
// through a driver adapter, so no engine binary is ever downloaded.

// The schema reads env("DATABASE_URL"); without a value `prisma generate` tries
// to download a query engine, so give it the development default.
process.env.DATABASE_URL = databaseUrlFromEnv();
// No usage ping from schema commands (set CHECKPOINT_DISABLE= to allow it).
process.env.CHECKPOINT_DISABLE ??= '1';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => createSchemaEngineAdapter(databaseUrlFromEnv()),
});
