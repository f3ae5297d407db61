import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer } from './testing/spawn-server.ts';
import type { ServerProcess } from './testing/spawn-server.ts';
import { testEnv } from './testing/test-server.ts';

/**
 * A process whose output nobody reads any more: "when the reader of its
 * stdout and stderr goes away (a supervisor restarted, a terminal closed),
 * the server keeps serving and still stops cleanly on SIGTERM". Before, the
 * first line it printed raised EPIPE: without pages the process died of it;
 * with pages Next.js's uncaughtException logger printed that error to the
 * same broken pipe, forever, at 100 % CPU, and SIGTERM never finished.
 */
describe('runMain with its output pipes closed', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop('SIGKILL');
  });

  it('keeps serving, then exits 0 on SIGTERM within the shutdown bound', { timeout: 30_000 }, async () => {
    server = await spawnServer({ env: testEnv() });
    server.child.stdout?.destroy();
    server.child.stderr?.destroy();
    // Something to print: a refused handshake is logged, as is the signal.
    await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`).catch(() => undefined);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const started = Date.now();
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
