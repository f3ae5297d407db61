import { spawnServer } from '../server/testing/spawn-server.ts';
import type { ServerProcess } from '../server/testing/spawn-server.ts';
import { E2E_ENV } from './e2e-env.ts';

/** Options of `startInterfaceServer`. */
export type InterfaceServerOptions = {
  /** How long it may take to listen (default 30 s). */
  timeoutMs?: number;
  /** Environment on top of the e2e one (e.g. its own DATABASE_URL). */
  env?: Record<string, string>;
};

/**
 * Starts an interface server with pages that a test starts and stops itself
 * (the shared one from playwright.config.ts must stay up), on `port` with the
 * e2e environment (same database and Redis prefix as the shared server, unless
 * `env` says otherwise), through the kit's spawnServer. Rejects with the
 * server's output if it does not start.
 */
export async function startInterfaceServer(port: number, { timeoutMs = 30_000, env = {} }: InterfaceServerOptions = {}): Promise<ServerProcess> {
  // Otherwise another server's answer on that port would pass for this one's.
  if (await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false)) throw new Error(`port ${port} is already in use`);
  return spawnServer({ name: `server :${port}`, env: { ...E2E_ENV, ...env, PORT: String(port) }, pages: true, timeoutMs });
}
