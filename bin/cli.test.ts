import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../server/auth/index.ts';
import type { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import { runCommand } from '../server/testing/spawn-command.ts';
import type { ProcessOutcome } from '../server/testing/switchyard-process.ts';
import { redisBackends } from '../server/testing/redis-backends.ts';
import { startTestServer, testEnv } from '../server/testing/test-server.ts';
import type { TestServer } from '../server/testing/test-server.ts';

/** Runs the real CLI in its own process, as a shell would, against the test server's Redis prefix. */
function cli(args: string[], env: Record<string, string>): Promise<ProcessOutcome> {
  return runCommand(args, { env: testEnv(env), timeoutMs: 15_000 });
}

/** A failure the way a person at a terminal should see it: one line, no stack trace. */
function expectOneLineError(outcome: ProcessOutcome, message: RegExp): void {
  expect(outcome.code).toBe(1);
  expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
  expect(outcome.stderr).toMatch(message);
  expect(outcome.stderr).not.toMatch(/^\s+at /m);
  expect(outcome.stdout).not.toMatch(/sent/);
}

describe.each(redisBackends())('switchyard CLI (bin/cli.ts) on $name', (backend) => {
  // A Redis that does not answer, and the line `check` must print for it.
  // Commands that never touch Redis run on the first backend only: the second would only repeat them.
  const once = backend.name === 'redis' ? it : it.skip;
  const unreachable: { env: Record<string, string>; line: RegExp } =
    backend.name === 'redis'
      ? { env: { REDIS_URL: 'redis://127.0.0.1:1' }, line: /^switchyard check: Redis is not reachable at redis:\/\/127\.0\.0\.1:1 — start it/ }
      : {
          env: { REDIS_CLUSTER_NODES: `${backend.env.REDIS_CLUSTER_NODES},127.0.0.1:1` },
          line: /^switchyard check: Redis Cluster node 127\.0\.0\.1:1 \(REDIS_CLUSTER_NODES\) is not reachable — start it \(e\.g\. redis-server --port 1 --cluster-enabled yes/,
        };
  let server: TestServer;
  let env: Record<string, string>;
  let alice: SocketCommunicator;
  let bob: SocketCommunicator;

  beforeAll(async () => {
    server = await startTestServer(backend.env);
    env = { REDIS_PREFIX: server.config.redisPrefix, ...backend.env };
    [alice, bob] = [await server.connect(), await server.connect()];
  });
  afterAll(() => server.close());

  it('`group-send announcements announcement.posted <json>` reaches every connected client, once', async () => {
    const at = new Date().toISOString();
    const outcome = await cli(['group-send', 'announcements', 'announcement.posted', JSON.stringify({ text: 'from the shell', author: null, at })], env);
    expect(outcome).toMatchObject({ code: 0, stdout: 'sent\n', stderr: '' });
    for (const client of [alice, bob]) expect(await client.receive('announcement.posted')).toEqual({ text: 'from the shell', author: null, at });
    await alice.receiveNothing('announcement.posted');
    await bob.receiveNothing('announcement.posted');
  });

  it('`send <reply-channel> notice.posted {"text":"hi"}` reaches only that client, on its reply channel', async () => {
    const before = Date.now();
    const outcome = await cli(['send', alice.replyChannel, 'notice.posted', '{"text":"hi"}'], env);
    expect(outcome).toMatchObject({ code: 0, stdout: 'sent\n' });
    const message = await alice.receive('reply.message');
    expect(message).toEqual({ seq: 1, epoch: expect.any(String), event: 'notice.posted', payload: { text: 'hi', level: 'info' }, sentAt: expect.any(Number) });
    // The publish stamp (for the page's latency readout) is the CLI's send time.
    expect((message as { sentAt: number }).sentAt).toBeGreaterThanOrEqual(before);
    expect((message as { sentAt: number }).sentAt).toBeLessThanOrEqual(Date.now());
    await bob.receiveNothing('reply.message');
    await alice.receiveNothing('reply.message');
  });

  it.each<[string, string[], RegExp]>([
    ['invalid JSON', ['group-send', 'announcements', 'notice.posted', '{text: hi}'], /^switchyard group-send: the payload is not valid JSON/],
    ['an unknown event', ['group-send', 'announcements', 'no.such-event', '{}'], /"no\.such-event" is not a server event/],
    ['a payload that does not match the event', ['group-send', 'announcements', 'notice.posted', '{"text":42}'], /payload of "notice\.posted" is invalid: text:/],
    ['a bad group name', ['group-send', 'Bad Group!', 'notice.posted', '{"text":"x"}'], /group name "Bad Group!" is invalid/],
    ['a bad reply channel', ['send', 'reply!forged', 'notice.posted', '{"text":"x"}'], /reply channel "reply!forged" is invalid/],
    ['a missing argument', ['send', 'notice.posted', '{"text":"x"}'], /^switchyard send: expected <reply-channel> <event> <json>, got 2 argument\(s\)/],
  ])('%s exits 1 with a one-line message on stderr, no stack trace, and delivers nothing', async (_name, args, message) => {
    expectOneLineError(await cli(args, env), message);
    await alice.receiveNothing('notice.posted', 100);
    expect(alice.pending()).toEqual([]);
    expect(bob.pending()).toEqual([]);
  });

  it('with Redis unreachable, group-send exits 1 with one line instead of claiming "sent"', async () => {
    const outcome = await cli(['group-send', 'announcements', 'notice.posted', '{"text":"x"}'], { ...env, ...unreachable.env });
    expectOneLineError(outcome, /^switchyard group-send: .*Redis/i);
  });

  it('`check` says both services answer, or names the one that does not in one line', async () => {
    expect(await cli(['check'], env)).toMatchObject({ code: 0, stdout: 'Redis and PostgreSQL answer\n' });
    expectOneLineError(await cli(['check'], { ...env, ...unreachable.env }), unreachable.line);
  });

  it('`setstaff <username> --off` demotes the user and disconnects their open sockets at once; `setstaff <username>` promotes', async () => {
    const username = `cli-staff-${server.config.redisPrefix.slice(-8)}`;
    const user = await createUser(server.db, { username, password: 'correct horse battery', isStaff: true });
    try {
      const { token } = await server.sessions.create(user.id);
      const staff = await server.connect({ headers: { cookie: `${SESSION_COOKIE}=${token}` } });
      expect(await staff.request('announcement.post', { text: 'still staff' })).toMatchObject({ ok: true });
      const gone = new Promise((resolve) => staff.socket.once('disconnect', resolve));
      expect(await cli(['setstaff', username, '--off'], env)).toMatchObject({ code: 0, stdout: `${username} is no longer staff\n` });
      await gone;
      expect(await server.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { isStaff: true } })).toEqual({ isStaff: false });
      expect(await cli(['setstaff', username], env)).toMatchObject({ code: 0, stdout: `${username} is staff\n` });
      expectOneLineError(await cli(['setstaff', 'no-such-user-here'], env), /no user "no-such-user-here"/);
    } finally {
      await server.db.user.delete({ where: { id: user.id } });
    }
  });

  once('`liveblog create|edit|delete` manage a liveblog from a shell, with the same checks as the admin UI', async () => {
    const slug = `cli-${server.config.redisPrefix.slice(-8)}`;
    expect(await cli(['liveblog', 'create', slug, 'From the shell'], env)).toMatchObject({ code: 0, stdout: `created liveblog ${slug}\n` });
    expectOneLineError(await cli(['liveblog', 'create', slug, 'Again'], env), /already exists; choose another address/);
    const edited = await cli(['liveblog', 'edit', slug, '--summary', 'Scripted **summary**', '--status', 'ended'], env);
    expect(edited).toMatchObject({ code: 0, stdout: `changed liveblog ${slug} (version 2)\n` });
    expect(await server.db.liveblog.findUniqueOrThrow({ where: { slug }, select: { title: true, summary: true, status: true } })).toEqual({
      title: 'From the shell',
      summary: 'Scripted **summary**',
      status: 'ended',
    });
    expectOneLineError(await cli(['liveblog', 'edit', slug, '--status', 'paused'], env), /status/);
    expectOneLineError(await cli(['liveblog', 'edit', slug], env), /change at least one of title, summary and status/);
    expect(await cli(['liveblog', 'delete', slug], env)).toMatchObject({ code: 0, stdout: `deleted liveblog ${slug}\n` });
    expect(await server.db.liveblog.count({ where: { slug } })).toBe(0);
    expectOneLineError(await cli(['liveblog', 'delete', slug], env), /there is no liveblog/);
    expectOneLineError(await cli(['liveblog', 'rename', slug], env), /expected create, edit or delete/);
  }, 90_000); // eight runs of the CLI, each a process of its own

  once('with no arguments prints the usage on stderr and exits 2', async () => {
    const outcome = await cli([], env);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^usage: switchyard <command> \[args\]/);
    expect(outcome.stderr).toMatch(/group-send <group> <event> <json>/);
    expect(outcome.stdout).toBe('');
  });

  once.each(['no-such-command', 'constructor', 'toString'])('an unknown command (%s) prints the usage and exits 2', async (name) => {
    const outcome = await cli([name], env);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^usage: switchyard/);
  });

  once('`help` prints the usage and exits 0', async () => {
    const outcome = await cli(['help'], env);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toMatch(/^usage: switchyard/);
  });
});
