import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import { withPagePolicy } from './http/security-headers.ts';
import type { InterfaceServerOptions } from './interface-server.ts';
import { preflight } from './preflight.ts';
import { startApp } from './start-app.ts';

/**
 * Runs an interface server process: services → pages → interface server →
 * listen. Without pages it serves sockets, /healthz and the HTTP API only
 * (socket-only deployments, tests, benchmarks). Returns its graceful stop.
 */
export async function serve(config: Config, { pages }: { pages: boolean }): Promise<() => Promise<void>> {
  await preflight(config);
  const running = await startApp(config, pages ? await nextHandlers(config) : {});
  console.log(`[switchyard] interface server listening on ${running.server.url} (pid ${process.pid}, ${config.channelLayer} layer)`);
  return () => running.stop();
}

async function nextHandlers(config: Config): Promise<Pick<InterfaceServerOptions, 'fallback' | 'upgrade'>> {
  const { default: next } = await import('next');
  const dir = fileURLToPath(new URL('..', import.meta.url));
  const app = next({ dev: config.env === 'development', dir, hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    fallback: withPagePolicy((request, response) => handle(request, response), { dev: config.env === 'development' }),
    upgrade: (request, socket, head) => void upgrade(request, socket, head),
  };
}
