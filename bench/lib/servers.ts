import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { waitHealthy as waitHealthyUrl } from '../../harness/cluster/wait-for.ts';
import { startChild } from './children.ts';
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
};

/** Starts the bare Socket.IO server (bench/bare-server.ts) and waits until it listens. */
export async function startBareServer(profileDir: string | undefined): Promise<ServerSet> {
  const server = startChild({ name: 'bare-server', module: 'bench/bare-server.ts', args: ['0'], profileDir });
  const { port } = await server.next<{ type: 'ready'; port: number }>('ready', 30_000);
  const url = `http://127.0.0.1:${port}`;
  return { servers: [server], urls: [url], publisher: { args: ['bare', url], env: {} } };
}

/**
 * Starts `processes` Switchyard interface servers (server/main.ts --no-pages,
 * production mode, Redis channel layer) on free loopback ports and waits until
 * each one's /healthz says ok.
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
  const servers: Child[] = [];
  const urls: string[] = [];
  for (let i = 0; i < setup.processes; i += 1) {
    const port = await freePort();
    const name = `switchyard-${i + 1}`;
    const serverEnv = { ...env, PORT: String(port) };
    servers.push(startChild({ name, module: 'server/main.ts', args: ['--no-pages'], env: serverEnv, profileDir: setup.profileDir }));
    urls.push(`http://127.0.0.1:${port}`);
  }
  await Promise.all(servers.map((server, i) => waitHealthy(server, urls[i] as string, 60_000)));
  return { servers, urls, publisher: { args: ['switchyard'], env } };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once the server's /healthz says ok; rejects at once if the server exits first. */
async function waitHealthy(server: Child, url: string, timeoutMs: number): Promise<void> {
  const exited = server.exited.then((code) => Promise.reject(new Error(`${server.name} exited (${code}) while starting; see its output above`)));
  await Promise.race([waitHealthyUrl(url, timeoutMs), exited]);
}
