import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import { firstRunNotice } from './first-run/index.ts';
import { withPagePolicy } from './http/security-headers.ts';
import type { InterfaceServerOptions } from './interface-server.ts';
import { closeRedis, openRedis } from './layer/redis-connection.ts';
import { preflight } from './preflight.ts';
import { startApp } from './start-app.ts';
import type { RunningApp } from './start-app.ts';
import { app } from './features/index.ts';
import { logger } from './log/logger.ts';

const log = logger.child({ module: 'serve' });

/**
 * Runs an interface server process: services → pages → interface server →
 * listen. Without pages it serves sockets, /healthz and the HTTP API only
 * (socket-only deployments, tests, benchmarks). Returns its graceful stop.
 */
export async function serve(config: Config, { pages }: { pages: boolean }): Promise<() => Promise<void>> {
  await preflight(config);
  const running = await startApp(config, app, pages ? await nextHandlers(config) : {});
  log.info({ url: running.server.url, layer: config.channelLayer }, `interface server listening on ${running.server.url} (pid ${process.pid}, ${config.channelLayer} layer)`);
  if (pages) await printWhereToGo(config, running);
  return () => running.stop();
}

/** Where a person goes next (and, before there is any staff account, how to create the first one). */
async function printWhereToGo(config: Config, running: RunningApp): Promise<void> {
  const redis = openRedis(config, 'first-run');
  try {
    for (const line of await firstRunNotice({ db: running.db, redis, prefix: config.redisPrefix, url: running.server.url })) log.info(line);
  } catch (error) {
    log.error({ err: error }, 'could not check for a staff account');
  } finally {
    await closeRedis(redis);
  }
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
