import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../prisma/client.ts';
import { app } from '../features/index.ts';
import type { Database } from '../../prisma/client.ts';
import { createUser, SESSION_COOKIE } from '../auth/index.ts';
import { SocketCommunicator } from '../testing/socket-communicator.ts';
import { spawnServer } from '../testing/spawn-server.ts';
import type { ServerProcess } from '../testing/spawn-server.ts';
import { testEnv } from '../testing/test-server.ts';
import { testDatabaseUrl } from '../testing/test-database.ts';

/**
 * What a real flow leaves in the log at its most talkative level
 * (LOG_LEVEL=trace): "a staff login, a liveblog post, a chat message and a
 * refused login are all in the log, joined to their connection, reply
 * channel, user and event — and not one password, session token, reply-channel
 * token or message text is".
 */
describe('the log of a real flow', () => {
  const run = randomBytes(4).toString('hex');
  const password = `pw-${run}-correct horse`;
  const wrongPassword = `pw-${run}-wrong guess`;
  const postBody = `post body ${run} only the readers see`;
  const chatBody = `chat text ${run} only the room sees`;
  const sockets: SocketCommunicator[] = [];
  let db: Database;
  let server: ServerProcess;
  let userId = '';

  beforeAll(async () => {
    db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
    server = await spawnServer({ env: testEnv({ LOG_LEVEL: 'trace' }) });
    userId = (await createUser(db, { username: `logged-${run}`, password, isStaff: true })).id;
    await db.liveblog.create({ data: { slug: `logged-${run}`, title: 'Logged' } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.stop();
    await db?.liveblog.deleteMany({ where: { slug: `logged-${run}` } });
    await db?.user.deleteMany({ where: { username: `logged-${run}` } });
    await db?.$disconnect();
  });

  const login = (secret: string) =>
    fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: `logged-${run}`, password: secret }),
    });
  const connect = async (namespace: string, cookie: string) => {
    const socket = await SocketCommunicator.connect(server.url, { namespace, headers: { cookie } });
    sockets.push(socket);
    return socket;
  };

  it('names each event with its connection, reply channel and user, and holds no secret and no message text', async () => {
    expect((await login(wrongPassword)).status).toBe(401);
    const response = await login(password);
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0] ?? '';
    const sessionToken = cookie.slice(SESSION_COOKIE.length + 1);
    expect(sessionToken.length).toBeGreaterThan(10);

    const editor = await connect('/liveblog', cookie);
    expect(await editor.request('post.create', { slug: `logged-${run}`, body: postBody })).toMatchObject({ ok: true });
    const chatter = await connect('/chat', cookie);
    expect(await chatter.request('room.join', { room: `logged-${run}` })).toMatchObject({ ok: true });
    expect(await chatter.request('message.send', { room: `logged-${run}`, body: chatBody })).toMatchObject({ ok: true });
    // A refused event whose payload carries the text: the refusal is logged, the text is not.
    expect(await chatter.request('message.send', { room: `logged-${run}`, body: chatBody, extra: chatBody })).toMatchObject({ ok: false });

    const lines = () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const handled = (event: string) => lines().find((line) => line.event === event && line.msg === 'event handled');
    // The server writes each line after its ack, and this process reads the pipe when it gets to it.
    const refused = () => lines().find((line) => line.msg === 'event refused');
    await expect.poll(() => handled('message.send') && refused()).toBeDefined();
    for (const [event, socket] of [['post.create', editor], ['message.send', chatter]] as const) {
      expect(handled(event)).toMatchObject({ role: 'interface-server', connection: socket.socket.id, replyChannel: socket.replyChannel, user: userId, ms: expect.any(Number) });
    }
    expect(refused()).toMatchObject({ event: 'message.send', code: 'invalid_input', connection: chatter.socket.id });

    const output = server.output();
    const secrets = { password, wrongPassword, sessionToken, editorReplyToken: editor.replyToken, chatterReplyToken: chatter.replyToken, postBody, chatBody };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret, name).toBeTruthy();
      expect(output.includes(secret as string), `${name} is in the log`).toBe(false);
    }
  });
});
