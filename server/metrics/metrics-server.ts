import { createServer } from 'node:http';
import type { Registry } from 'prom-client';
import { serveMetrics } from './metrics-route.ts';
import { logger } from '../log/logger.ts';

const log = logger.child({ module: 'metrics' });

/**
 * Serves `GET /metrics` on its own port, for processes without an HTTP server
 * (workers, a standalone relay); `setting` names the port's variable in the warning. A port already in use (several workers on one machine) is
 * reported and skipped rather than stopping the worker. Resolves with a close function.
 */
export async function startMetricsServer(registry: Registry, options: { host: string; port: number; token?: string; trustedProxies: number; setting?: string }): Promise<() => Promise<void>> {
  if (options.port === 0) return async () => {};
  const server = createServer((request, response) => {
    void serveMetrics(registry, { token: options.token, trustedProxies: options.trustedProxies }, request, response).then((served) => {
      if (served) return;
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('see /metrics\n');
    });
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      log.warn(`port ${options.port} unavailable (${error.code}); set ${options.setting ?? 'WORKER_METRICS_PORT'} to serve /metrics`);
      resolve(false);
    });
    server.listen(options.port, options.host, () => resolve(true));
  });
  if (!listening) return async () => {};
  log.info(`metrics on http://${options.host}:${options.port}/metrics`);
  return () => new Promise((resolve) => server.close(() => resolve()));
}
