import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { createSessionStore, createUser, SESSION_COOKIE } from '../auth/index.ts';
import { app } from '../features/index.ts';
import { SocketCommunicator } from '../testing/socket-communicator.ts';
import { spawnServer } from '../testing/spawn-server.ts';
import type { ServerProcess } from '../testing/spawn-server.ts';
import { testDatabaseUrl } from '../testing/test-database.ts';
import { testEnv, uniquePrefix } from '../testing/test-server.ts';

/** A span as an OTLP/HTTP JSON export carries it, with the pid of the process that exported it. */
type ExportedSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string; pid: number; attributes: Record<string, unknown> };
type OtlpValue = { stringValue?: string; intValue?: string | number };
type OtlpAttribute = { key: string; value: OtlpValue };
type OtlpExport = {
  resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: (Omit<ExportedSpan, 'pid' | 'attributes'> & { attributes?: OtlpAttribute[] })[] }[] }[];
};

const valueOf = (value: OtlpValue) => value.stringValue ?? Number(value.intValue);
const attributesOf = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/**
 * One trace across processes: "a liveblog post created on one interface
 * server process is one trace at the collector — the staff member's event and
 * the outbox write in that process, the relay's publish in whichever process
 * leads the relay, and the emit to the readers' sockets in each of the two
 * processes, each span the child of the one before — although the trace
 * context crosses between processes only inside the outbox row and the
 * Socket.IO packet through Redis".
 */
describe('a liveblog post traced across two interface server processes', () => {
  const run = randomBytes(3).toString('hex');
  const slug = `traced-apart-${run}`;
  const exports: string[] = [];
  const sockets: SocketCommunicator[] = [];
  let collector: Server;
  let db: Database;
  let one: ServerProcess;
  let two: ServerProcess;
  let staffCookie = '';
  beforeAll(async () => {
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (request.url === '/v1/traces') exports.push(body);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
    const env = testEnv({ REDIS_PREFIX: uniquePrefix(), OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    [one, two] = await Promise.all([spawnServer({ env }), spawnServer({ env })]);
    db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
    const staff = await createUser(db, { username: `traced-apart-${run}`, password: 'correct horse battery', isStaff: true });
    staffCookie = `${SESSION_COOKIE}=${(await createSessionStore(db, { ttlSeconds: 3600 }).create(staff.id)).token}`;
    await db.liveblog.create({ data: { slug, title: 'Traced apart' } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all([one?.stop(), two?.stop()]);
    await db?.liveblog.deleteMany({ where: { slug } });
    await db?.user.deleteMany({ where: { username: `traced-apart-${run}` } });
    await db?.$disconnect();
    await new Promise<void>((resolve) => collector.close(() => resolve()));
  });

  const connect = async (server: ServerProcess, cookie?: string) => {
    const socket = await SocketCommunicator.connect(server.url, { namespace: '/liveblog', headers: cookie ? { cookie } : {} });
    sockets.push(socket);
    return socket;
  };

  it('follows the post from the staff event on one process to the emit on both, through Redis, in one trace', { timeout: 60_000 }, async () => {
    const readers = [await connect(one), await connect(two)];
    for (const reader of readers) expect(await reader.request('liveblog.follow', { slug })).toMatchObject({ ok: true });
    const editor = await connect(one, staffCookie);
    expect(await editor.request('post.create', { slug, body: 'traced apart' })).toMatchObject({ ok: true });
    for (const reader of readers) await reader.receive('post.published');
    // A server exports its spans at the latest when it stops.
    for (const socket of sockets) socket.close();
    expect(await one.stop('SIGTERM')).toBe(0);
    expect(await two.stop('SIGTERM')).toBe(0);

    const spans: ExportedSpan[] = exports.flatMap((body) =>
      (JSON.parse(body) as OtlpExport).resourceSpans.flatMap(({ resource, scopeSpans }) =>
        scopeSpans.flatMap(({ spans: list }) => list.map((span) => ({ ...span, pid: Number(attributesOf(resource.attributes)['process.pid']), attributes: attributesOf(span.attributes) }))),
      ),
    );
    const root = spans.find((span) => span.name === '/liveblog post.create');
    expect(root).toBeDefined();
    expect(root!.parentSpanId ?? '').toBe('');
    expect(root!.pid).toBe(one.pid);
    const inTrace = spans.filter((span) => span.traceId === root!.traceId);
    const byId = new Map(inTrace.map((span) => [span.spanId, span]));
    const chain = (span: ExportedSpan | undefined): ExportedSpan[] => (span ? [...chain(byId.get(span.parentSpanId ?? '')), span] : []);
    const emits = inTrace.filter((span) => span.name === 'socket.emit /liveblog' && span.attributes['switchyard.event'] === 'post.published');
    expect(emits.map((span) => span.pid).sort()).toEqual([one.pid, two.pid].sort());
    for (const emit of emits) {
      const path = chain(emit);
      expect(path.map((span) => span.name)).toEqual(['/liveblog post.create', 'outbox.record', 'outbox.relay', 'layer.groupSend', 'socket.emit /liveblog']);
      const [event, record, relay, publish] = path;
      expect(record!.pid).toBe(event!.pid);
      expect(publish!.pid).toBe(relay!.pid);
      // The emit on the process that did not publish got the context through Redis.
      expect(emit.attributes['switchyard.path']).toBe(emit.pid === relay!.pid ? 'local' : 'redis');
    }
  });
});
