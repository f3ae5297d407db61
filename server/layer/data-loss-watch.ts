import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Tells when Redis comes back without the data it had: restarted without
 * persistence, failed over to an empty replica, or flushed. Each watcher keeps
 * a key of its own (`<prefix>:alive:<random>`, refreshed with a TTL) and checks
 * it whenever the connection is ready again and every `checkEveryMs`: a
 * missing key means everything else this process stored is gone too.
 * Returns a function that stops watching.
 */
export function watchForDataLoss(redis: Redis, prefix: string, onLoss: () => void, checkEveryMs = 60_000): () => void {
  const key = `${prefix}:alive:${randomBytes(6).toString('hex')}`;
  const ttl = String(checkEveryMs * 10);
  let armed = false;
  const check = async () => {
    // SET … GET answers the previous value: null when the key was not there.
    const previous = await redis.call('SET', key, '1', 'PX', ttl, 'GET');
    if (armed && previous === null) onLoss();
    armed = true;
  };
  const safeCheck = () => void check().catch(() => {}); // an outage is reported by the connection itself
  if (redis.status === 'ready') safeCheck();
  redis.on('ready', safeCheck);
  const timer = setInterval(safeCheck, checkEveryMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    redis.off('ready', safeCheck);
  };
}
