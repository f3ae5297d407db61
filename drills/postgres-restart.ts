import { createUser, SESSION_COOKIE } from '../server/auth/index.ts';
import { waitFor } from '../harness/cluster/wait-for.ts';
import { migrate } from '../prisma/migrate.ts';
import { liveblogGroup } from '../server/features/liveblog/liveblog-protocol.ts';
import { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import { check } from './drill.ts';
import type { Drill } from './drill.ts';
import { createDrillLiveblog, healthOf, startDrillStack } from './drill-stack.ts';
import { createPrivatePostgres } from './private-postgres.ts';

/**
 * PostgreSQL stops and starts again under a running interface server — a
 * private cluster made for the drill (initdb into a temp directory), never
 * the shared one. While it is down, /healthz and a route that needs the
 * database (`GET /api/session` with a session cookie) answer 503 saying
 * PostgreSQL is unavailable, and a liveblog follow is refused with
 * `unavailable`; the server keeps its sockets. Once it is back, the same
 * session works again and a post committed after reaches the reader that
 * stayed connected (the outbox relay reconnected by itself).
 */
export const postgresRestartDrill: Drill = {
  name: 'postgres-restart',
  async run(scope) {
    const postgres = await createPrivatePostgres();
    scope.defer(() => postgres.destroy());
    const databaseUrl = postgres.url('switchyard_drill');
    await migrate(databaseUrl, { quiet: true });
    const stack = await startDrillStack(scope, { label: 'drill_postgres', processes: 1, databaseUrl });
    const [url] = stack.urls as [string];
    const liveblog = await createDrillLiveblog(scope, databaseUrl);
    await createUser(liveblog.db, { username: 'drill', password: 'drill password 1', isStaff: false });
    const login = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ username: 'drill', password: 'drill password 1' }),
    });
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    check(login.status === 200 && cookie.startsWith(`${SESSION_COOKIE}=`), `login answered ${login.status}`);
    const session = () => fetch(`${url}/api/session`, { headers: { cookie }, signal: AbortSignal.timeout(5000) });

    const reader = await SocketCommunicator.connect(url, { namespace: '/liveblog' });
    scope.defer(() => reader.close());
    check((await reader.request('liveblog.follow', { slug: liveblog.slug })).ok, 'the reader could not follow');
    await liveblog.post(1);
    await reader.receive('post.published', 10_000);

    await postgres.stop();
    scope.log('stopped the private PostgreSQL');
    const down = await waitFor('503 from /healthz', 15_000, async () => {
      const health = await healthOf(url);
      return health.status === 503 && health.body.postgres === 'down' ? health : undefined;
    });
    const refused = await session();
    const refusal = (await refused.json()) as { error?: { code?: string; message?: string } };
    check(refused.status === 503 && refusal.error?.code === 'unavailable', `GET /api/session answered ${refused.status} ${JSON.stringify(refusal)}`);
    check(/PostgreSQL/.test(refusal.error?.message ?? ''), `the refusal does not say what is down: ${refusal.error?.message}`);
    const follow = await reader.request('liveblog.follow', { slug: liveblog.slug });
    check(!follow.ok && follow.error.code === 'unavailable', `a follow while PostgreSQL is down answered ${JSON.stringify(follow)}`);
    check(reader.socket.connected, 'the reader was disconnected while PostgreSQL was down');

    await postgres.start();
    scope.log('started the private PostgreSQL again');
    await waitFor('200 from /healthz', 20_000, async () => ((await healthOf(url)).status === 200 ? true : undefined));
    const again = await waitFor('the session route working', 10_000, async () => {
      const response = await session();
      return response.status === 200 ? ((await response.json()) as { user: { username: string } | null }) : undefined;
    });
    check(again.user?.username === 'drill', `after the restart the session is ${JSON.stringify(again)}`);
    await liveblog.post(1);
    const copies = await copiesOf(reader, liveblog.ids[1] as string, async () => {
      await waitFor('the post relayed', 20_000, async () => ((await liveblog.db.outboxEvent.count({ where: { sentAt: null } })) === 0 ? true : undefined));
      const at = new Date().toISOString();
      const end = { id: 'end', body: '', author: null, version: 1, createdAt: at, updatedAt: at, deletedAt: null };
      await stack.layer.groupSend(liveblogGroup(liveblog.slug), 'post.published', { slug: liveblog.slug, post: end, cursor: '0' });
    });
    return {
      lost: copies === 0 ? 1 : 0,
      duplicated: Math.max(0, copies - 1),
      crashed: scope.crashed().length,
      notes: [`while down: /healthz ${JSON.stringify(down.body)}, GET /api/session 503 "${refusal.error?.message}"`],
    };
  },
};

/**
 * How many `post.published` copies of post `id` the reader gets before an
 * end marker, which `sendEnd` publishes once the relay has marked every row
 * sent (so nothing of the relay's can come after it).
 */
async function copiesOf(reader: SocketCommunicator, id: string, sendEnd: () => Promise<void>): Promise<number> {
  await sendEnd();
  let copies = 0;
  for (;;) {
    const { post } = await reader.receive<{ post: { id: string } }>('post.published', 15_000);
    if (post.id === 'end') return copies;
    if (post.id === id) copies += 1;
  }
}
