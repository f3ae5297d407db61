import { randomBytes } from 'node:crypto';
import { serverListening } from '../../server/testing/spawn-server.ts';
import { startChild } from './children.ts';
import { buildServer, compileBenchModule } from './compiled.ts';
import type { Child } from './children.ts';

/** The servers under test in one scenario, and how the publisher reaches them. */
export type ServerSet = {
  /** Interface server processes (their pids are what CPU and RSS are read from). */
  servers: Child[];
  /** URLs clients connect to, spread evenly. */
  urls: string[];
  /** Arguments and environment of bench/publisher.ts for this scenario. */
  publisher: { args: string[]; env: Record<string, string> };
};

/** Where Switchyard's services are and how its servers are started. */
export type SwitchyardSetup = {
  processes: number;
  redisUrl: string;
  redisPrefix: string;
  databaseUrl: string;
  /** Where CPU profiles go (see ChildSpec), or undefined for none. */
  profileDir: string | undefined;
  /** More environment for the servers (e.g. limits a drill sets). */
  env?: Record<string, string>;
  /** Run the production build (`npm run build:server`, dist/server.mjs) with plain node instead of server/main.ts through tsx. */
  compiled?: boolean;
  /** With `compiled`: run this bundle (lib/compiled.ts `buildServerAt`, another commit's server) instead of this checkout's; `name` labels its processes. */
  bundle?: { file: string; name: string };
};

/** Starts the bare Socket.IO server (bench/bare-server.ts; `compiled`: bundled, run without tsx) and waits until it listens. */
export async function startBareServer(profileDir: string | undefined, { compiled = false }: { compiled?: boolean } = {}): Promise<ServerSet> {
  const module = compiled ? compileBenchModule('bench/bare-server.ts') : 'bench/bare-server.ts';
  const server = startChild({ name: compiled ? 'bare-server-compiled' : 'bare-server', module, args: ['0'], profileDir, compiled });
  const { port } = await server.next<{ type: 'ready'; port: number }>('ready', 30_000);
  const url = `http://127.0.0.1:${port}`;
  return { servers: [server], urls: [url], publisher: { args: ['bare', url], env: {} } };
}

/**
 * Starts `processes` Switchyard interface servers (server/main.ts --no-pages,
 * production mode, Redis channel layer) on loopback ports of their choosing
 * and waits until each says it is listening, after its preflight reached Redis
 * and PostgreSQL (the kit's readiness, server/testing/spawn-server.ts).
 */
export async function startSwitchyardServers(setup: SwitchyardSetup): Promise<ServerSet> {
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    REDIS_URL: setup.redisUrl,
    REDIS_PREFIX: setup.redisPrefix,
    DATABASE_URL: setup.databaseUrl,
    CHANNEL_LAYER: 'redis',
    // Shared by every server of a deployment; random per run here.
    SECRET_KEY: randomBytes(32).toString('base64url'),
    // Memberships outlive the run by minutes, not the default day (the bench also deletes them).
    GROUP_EXPIRY_SECONDS: '600',
    SHUTDOWN_TIMEOUT_MS: '2000',
    // Benches and drills open thousands of connections from one loopback address.
    HANDSHAKES_PER_MINUTE: '10000000',
    ...setup.env,
  };
  const module = setup.compiled ? (setup.bundle?.file ?? buildServer()) : 'server/main.ts';
  const label = setup.bundle ? `${setup.bundle.name}-` : setup.compiled ? 'compiled-' : '';
  const servers = Array.from({ length: setup.processes }, (_, i) =>
    startChild({ name: `switchyard-${label}${i + 1}`, module, args: ['--no-pages'], env: { ...env, PORT: '0' }, profileDir: setup.profileDir, compiled: setup.compiled }),
  );
  const urls = await Promise.all(servers.map((server) => serverListening(server, 60_000)));
  return { servers, urls, publisher: { args: ['switchyard'], env } };
}
