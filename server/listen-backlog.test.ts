import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './testing/test-server.ts';
import type { TestServer } from './testing/test-server.ts';

/** The listen backlog the kernel holds for a listening TCP port: `ss` shows it as a listening socket's Send-Q. */
function listenBacklog(port: number): number {
  const line = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' }).trim().split('\n')[0] ?? '';
  const [, , sendQ] = line.trim().split(/\s+/);
  return Number(sendQ);
}

describe('LISTEN_BACKLOG', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LISTEN_BACKLOG: '777' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is the listen backlog the interface server asks the kernel for (Node alone asks for 511)', () => {
    expect(listenBacklog(Number(new URL(server.url).port))).toBe(777);
  });
});
