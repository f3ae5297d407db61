import { loadConfig } from '../server/config.ts';
import { preflight } from '../server/preflight.ts';
import { parseChannels } from './parse-channels.ts';
import { startWorkerPool } from './worker-pool.ts';
import { logger } from '../server/log/logger.ts';

const log = logger.child({ module: 'worker' });

/** Starts a worker process for the channels named in `args` (all when none); returns its graceful stop. */
export async function startWorkerProcess(args: readonly string[]): Promise<() => Promise<void>> {
  const config = loadConfig();
  const channels = parseChannels(args);
  await preflight(config);
  const pool = await startWorkerPool(config, channels);
  log.info({ channels: pool.channels }, `worker ${process.pid} serving ${pool.channels.join(', ')}`);
  return () => pool.close();
}
