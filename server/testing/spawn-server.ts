import { startSwitchyardProcess, startedWhen } from './switchyard-process.ts';
import type { ProcessSpec, SwitchyardProcess } from './switchyard-process.ts';

/** An interface server running in its own process, and the URL it listens on. */
export type ServerProcess = SwitchyardProcess & { readonly url: string };

/** Options of `spawnServer`: the process's (env, name, echo, …) plus pages and a start timeout. */
export type ServerOptions = Omit<ProcessSpec, 'entry' | 'args'> & {
  /** Serve the Next.js pages too (default false: sockets, /healthz and the HTTP API only). */
  pages?: boolean;
  /** How long it may take to listen (default 20 s; a server with pages needs more). */
  timeoutMs?: number;
};

/**
 * Starts `server/main.ts` (with `--no-pages` unless `pages`) and resolves once
 * it says it is listening — after its preflight reached Redis and PostgreSQL —
 * with the URL it printed, so PORT=0 works. Rejects with its output otherwise.
 *
 * @example const server = await spawnServer({ env: testEnv({ REDIS_PREFIX: prefix }) });
 */
export async function spawnServer({ pages = false, timeoutMs = 20_000, ...spec }: ServerOptions = {}): Promise<ServerProcess> {
  const server = startSwitchyardProcess({ name: 'server', ...spec, entry: 'server/main.ts', args: pages ? [] : ['--no-pages'] });
  return Object.assign(server, { url: await serverListening(server, timeoutMs) });
}

/**
 * Resolves with the URL an interface server process (however started, e.g.
 * by a bench with its agent) printed once listening; see `startedWhen`.
 */
export async function serverListening(server: SwitchyardProcess, timeoutMs = 20_000): Promise<string> {
  const [, url] = await startedWhen(server, /listening on (http:\/\/[^\s"]+)/, timeoutMs);
  return url as string;
}
