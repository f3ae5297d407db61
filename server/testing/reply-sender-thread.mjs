// A worker thread that sends numbered notices to one reply channel through its
// own Redis layer, as a separate worker process would (see reply-order.test.ts).
// Worker threads do not inherit tsx's loader: register it before importing TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { createRedisLayer } = await import('../layer/redis-layer.ts');
const { app } = await import('../features/index.ts');
const { config, replyChannel, count, name } = workerData;
const layer = createRedisLayer({ protocol: app.index, ...config, prefix: config.redisPrefix });
for (let i = 0; i < count; i++) await layer.send(replyChannel, 'notice.posted', { text: `${name}-${i}` });
await layer.close();
parentPort?.postMessage('done');
