import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys } from '../../bench/lib/redis-cleanup.ts';
import { SocketCommunicator } from '../testing/socket-communicator.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';

const LIMIT = 10;
/** A client behind the one trusted proxy (TRUST_PROXY=1) at `address`. */
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

describe(`handshake rate limit (HANDSHAKES_PER_MINUTE=${LIMIT}, per client address)`, () => {
  let server: TestServer;
  /** Sockets the server holds right now on namespace "/". */
  const held = () => server.server.io.of('/').sockets.size;

  beforeAll(async () => {
    server = await startTestServer({ HANDSHAKES_PER_MINUTE: String(LIMIT), TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await server.close();
    await deleteKeys(server.config.redisUrl, server.config.redisPrefix);
  });

  it('refuses a reconnect loop past the limit with connect_error `rate_limited` and the wait in data.retryAfterMs', async () => {
    for (let i = 0; i < LIMIT; i += 1) (await server.connect(from('203.0.113.7'))).close();
    const before = held();
    const refusal = (await SocketCommunicator.refused(server.url, from('203.0.113.7'))) as Error & {
      data?: { code?: string; retryAfterMs?: number };
    };
    expect(refusal.data?.code).toBe('rate_limited');
    expect(refusal.data?.retryAfterMs).toBeGreaterThan(0);
    expect(refusal.data?.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(refusal.message).toMatch(/too many connections from your address; retry in \d+ s/);
    expect(held()).toBeLessThanOrEqual(before); // closing sockets may still be leaving; none was added
  });

  it('keeps refusing the loop without letting any handshake through, while a client at another address connects', async () => {
    const refusals = await Promise.all(Array.from({ length: 20 }, () => SocketCommunicator.refused(server.url, from('203.0.113.7'))));
    expect(refusals.map((r) => (r as Error & { data?: { code?: string } }).data?.code)).toEqual(Array(20).fill('rate_limited'));
    const neighbour = await server.connect(from('198.51.100.2'));
    expect(await neighbour.request('connection.ping', { sentAt: 1 })).toMatchObject({ ok: true });
  });

  it('counts the address the trusted proxy saw, not what the client wrote before it', async () => {
    // Each spoofed first entry is ignored: all of these are the same client, 192.0.2.9.
    for (let i = 0; i < LIMIT; i += 1) (await server.connect(from(`10.9.9.${i}, 192.0.2.9`))).close();
    const refusal = (await SocketCommunicator.refused(server.url, from('10.9.9.200, 192.0.2.9'))) as Error & { data?: { code?: string } };
    expect(refusal.data?.code).toBe('rate_limited');
  });
});
