import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import type { Child } from '../bench/lib/children.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { check } from './drill.ts';
import { heapAfterGc } from './heap-after-gc.ts';
import type { Drill } from './drill.ts';
import { startDrillStack } from './drill-stack.ts';
import { openPausedClient } from './paused-client.ts';

const LIMIT_BYTES = 4 * 1024 * 1024;
const MESSAGES = 6400;
const BATCH = 200;
const BODY = 'x'.repeat(10_000);

/**
 * A client that stops reading while the server floods its group: a raw
 * socket that pauses, next to a normal client in the same group. About 65 MB
 * go to the group; the server must drop the stalled client once more than
 * MAX_SOCKET_BUFFER_BYTES wait for it (server/slow-client-guard.ts) instead of
 * keeping it all, and keep serving the other client: its memory after the
 * flood (after a full GC) stays within a few MB of where it started.
 */
export const slowClientDrill: Drill = {
  name: 'slow-client',
  async run(scope) {
    const stack = await startDrillStack(scope, { label: 'drill_slow', processes: 1, env: { MAX_SOCKET_BUFFER_BYTES: String(LIMIT_BYTES) } });
    const [server, url] = [stack.servers[0] as Child, stack.urls[0] as string];
    const layer = stack.layer;

    const group = `drill.slow-${randomBytes(3).toString('hex')}`;
    const stalled = await openPausedClient(url, '/liveblog');
    scope.defer(() => stalled.destroy());
    const reader = io(`${url}/liveblog`, { transports: ['websocket'], forceNew: true, reconnection: false });
    scope.defer(() => reader.close());
    let received = 0;
    reader.on('post.published', () => (received += 1));
    const readerChannel = await new Promise<string>((resolve) => reader.once('reply.assigned', (a: { replyChannel: string }) => resolve(a.replyChannel)));
    await layer.groupAdd(group, readerChannel);
    await layer.groupAdd(group, stalled.replyChannel);

    const before = await heapAfterGc(server);
    stalled.pause();
    const at = new Date().toISOString();
    for (let sent = 0; sent < MESSAGES; ) {
      for (const end = sent + BATCH; sent < end; sent += 1) {
        const post = { id: String(sent), body: BODY, author: null, version: 1, createdAt: at, updatedAt: at, deletedAt: null };
        await layer.groupSend(group, 'post.published', { slug: 'drill', post, cursor: String(sent + 1) });
      }
      // Pace the flood by the reading client, so Redis never drops the server's subscription for falling behind.
      const target = sent;
      await waitFor(`the reading client at ${target} messages`, 30_000, () => (received >= target ? true : undefined), 20);
    }
    const after = await heapAfterGc(server);
    const sentBytes = MESSAGES * BODY.length;
    let dropped = false;
    void stalled.closed.then(() => (dropped = true));
    stalled.resume();
    await waitFor('the stalled client dropped', 15_000, () => dropped || undefined);
    const grownMB = (after - before) / 1024;
    scope.log(`flooded ${(sentBytes / 1e6).toFixed(0)} MB; the stalled client read ${(stalled.bytesRead / 1e6).toFixed(1)} MB before it was dropped`);
    check(stalled.bytesRead < sentBytes / 2, `the stalled client read ${stalled.bytesRead} of ${sentBytes} bytes: it was not dropped early`);
    check(grownMB < 16, `the server kept ${grownMB.toFixed(1)} MB more after the flood (after GC): the stalled client's backlog was not dropped`);
    return {
      lost: MESSAGES - received,
      duplicated: Math.max(0, received - MESSAGES),
      crashed: scope.crashed().length,
      notes: [
        `${(sentBytes / 1e6).toFixed(0)} MB flooded; the stalled client was dropped after reading ${(stalled.bytesRead / 1e6).toFixed(1)} MB (limit ${LIMIT_BYTES / 1024 / 1024} MiB unsent)`,
        `server heap + external after GC: ${(before / 1024).toFixed(1)} MB before, ${(after / 1024).toFixed(1)} MB after`,
      ],
    };
  },
};
