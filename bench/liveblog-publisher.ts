import { loadConfig } from '../server/config.ts';
import { liveblogGroup } from '../server/features/liveblog/liveblog-protocol.ts';
import { createRedisLayer } from '../server/layer/redis-layer.ts';
import { app } from '../server/features/index.ts';
import { benchPostChange } from './lib/bench-post.ts';
import { monotonicMs, sleep } from './lib/clock.ts';

/**
 * The publisher of the fan-out bench's --cluster mode: a channel layer
 * without a Socket.IO server (the Redis emitter, on one Redis or the cluster
 * as its environment says), sending `post.published` straight to liveblog
 * groups the way the outbox relay does, without the database write.
 *
 * IPC: `run` { rounds, intervalMs, big, small[] } → `published` { sentAt, failed, firstError }:
 * round i sends post `bench:<i>` to `big`, then `bench:<rounds + i>` to every
 * slug of `small`; `sentAt[i]` and `sentAt[rounds + i]` are when each began
 * (monotonic ms, lib/clock.ts).
 */
type Run = { type: 'run'; rounds: number; intervalMs: number; big: string; small: string[] };

const config = loadConfig();
const layer = createRedisLayer({ protocol: app.index, ...config, prefix: config.redisPrefix });
await layer.ping();

function post(slug: string, index: number) {
  return layer.groupSend(liveblogGroup(slug), 'post.published', benchPostChange(slug, index));
}

async function run({ rounds, intervalMs, big, small }: Run) {
  const sentAt = new Array<number>(2 * rounds).fill(Number.NaN);
  let failed = 0;
  let firstError: string | undefined;
  const count = (error: Error) => {
    failed += 1;
    firstError ??= error.message;
  };
  const start = monotonicMs();
  for (let i = 0; i < rounds; i += 1) {
    await sleep(Math.max(0, start + i * intervalMs - monotonicMs()));
    sentAt[i] = monotonicMs();
    await post(big, i).catch(count);
    sentAt[rounds + i] = monotonicMs();
    await Promise.all(small.map((slug) => post(slug, rounds + i).catch(count)));
  }
  return { type: 'published', sentAt, failed, firstError };
}

process.on('message', (message: Run) => {
  if (message.type === 'run') void run(message).then((result) => process.send?.(result));
});
process.on('SIGTERM', () => process.exit(0));
process.send?.({ type: 'ready' });
