import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SocketCommunicator } from '../testing/socket-communicator.ts';
import { spawnServer } from '../testing/spawn-server.ts';
import type { ServerProcess } from '../testing/spawn-server.ts';
import { testEnv } from '../testing/test-server.ts';

/**
 * Tracing in a real process: "an interface server started with
 * OTEL_EXPORTER_OTLP_ENDPOINT sends its spans to `<endpoint>/v1/traces` over
 * OTLP/HTTP, at the latest when it stops on SIGTERM; one started without it
 * sends nothing".
 */
describe('OTLP export', () => {
  let collector: Server;
  let endpoint = '';
  const received: { path: string; body: string }[] = [];
  beforeAll(async () => {
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

  const run = async (env: Record<string, string>) => {
    const server: ServerProcess = await spawnServer({ env: testEnv(env) });
    const client = await SocketCommunicator.connect(server.url);
    expect(await client.request('session.describe', {})).toMatchObject({ ok: true });
    client.close();
    expect(await server.stop('SIGTERM')).toBe(0);
  };

  it('sends the spans of a server with an endpoint, and none without one', { timeout: 60_000 }, async () => {
    await run({});
    expect(received).toEqual([]);
    await run({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    expect(received.map((r) => r.path)).toContain('/v1/traces');
    const spans = received.map((r) => r.body).join('');
    expect(spans).toContain('/ session.describe');
    expect(spans).toContain('switchyard-interface-server');
  });
});
