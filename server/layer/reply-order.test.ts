import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisBackends } from '../testing/redis-backends.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

const senderThread = new URL('../testing/reply-sender-thread.mjs', import.meta.url);

/** Sends `count` notices to `replyChannel` from a worker thread with its own Redis connections. */
function sendFromThread(server: TestServer, replyChannel: string, count: number, name: string): Promise<void> {
  const worker = new Worker(senderThread, { workerData: { config: server.config, replyChannel, count, name } });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
}

// Two publishers running at once (two worker processes, say) number their
// messages in one sequence but publish them independently, so a client can
// see seq 8 before seq 7. A conforming client (the browser's reply sequencer,
// which the test communicator also uses) still delivers every message once,
// in seq order.
describe.each(redisBackends())('one reply channel, several publishing processes ($name)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...backend.env, CHANNEL_LAYER: 'redis' });
  });
  afterAll(() => server.close());

  it('delivers every message once and in seq order, although they are published out of order', async () => {
    const client = await server.connect();
    const perSender = 500;
    await Promise.all(['a', 'b'].map((name) => sendFromThread(server, client.replyChannel, perSender, name)));
    const seqs: number[] = [];
    for (let i = 0; i < 2 * perSender; i++) seqs.push((await client.receive<{ seq: number }>('reply.message')).seq);
    expect(seqs).toEqual(Array.from({ length: 2 * perSender }, (_, i) => i + 1));
    await client.receiveNothing('reply.message');
  }, 30_000);
});
