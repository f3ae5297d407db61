import { loadConfig } from '../server/config.ts';
import type { Config } from '../server/config.ts';
import type { ChannelLayer } from '../server/layer/channel-layer.ts';
import { closeRedis, openRedis } from '../server/layer/redis-connection.ts';
import { createRedisLayer } from '../server/layer/redis-layer.ts';
import { createSocketsPublisher } from '../server/layer/sockets-publisher.ts';
import type { SocketsPublisher } from '../server/layer/sockets-publisher.ts';
import type { ServerEventName } from '../server/protocol/events.ts';
import { checkRedis, preflight } from '../server/preflight.ts';
import { runMain } from '../server/run-main.ts';
import { app } from '../server/features/index.ts';
import { print } from './print.ts';

/** A CLI command: positional arguments and flags in, side effects out; throws with a user-facing message. */
export type Command = (
  args: string[],
  flags: { staff?: boolean; 'no-pages'?: boolean; all?: boolean; off?: boolean; title?: string; summary?: string; status?: string },
) => Promise<void>;

/** The `switchyard` commands, by name. */
export const commands: Record<string, Command> = {
  async serve(_args, flags) {
    const { serve } = await import('../server/serve.ts');
    runMain('interface-server', () => serve(loadConfig(), { pages: !flags['no-pages'] }));
  },
  async worker(args) {
    const { startWorkerProcess } = await import('../workers/worker-process.ts');
    runMain('worker', () => startWorkerProcess(args));
  },
  async send(args) {
    const [replyChannel, event, json] = expectArgs(args, ['reply-channel', 'event', 'json']);
    await withLayer((layer) => layer.send(replyChannel, event as ServerEventName, parseJson(json) as never));
  },
  async 'group-send'(args) {
    const [group, event, json] = expectArgs(args, ['group', 'event', 'json']);
    await withLayer((layer) => layer.groupSend(group, event as ServerEventName, parseJson(json) as never));
  },
  async check() {
    await preflight(loadConfig());
    print('Redis and PostgreSQL answer');
  },
  async migrate() {
    const { describeMigration, migrate } = await import('../prisma/migrate.ts');
    print(describeMigration(await migrate(loadConfig().databaseUrl, { quiet: true })));
  },
  async createuser(args, flags) {
    const [username] = expectArgs(args, ['username']);
    const password = process.env.SWITCHYARD_PASSWORD ?? (await readStdin());
    const { createPrismaClient } = await import('../prisma/client.ts');
    const { createUser } = await import('../server/auth/index.ts');
    const db = createPrismaClient(loadConfig().databaseUrl, { hooks: app.hooks });
    try {
      const user = await createUser(db, { username, password, isStaff: Boolean(flags.staff) });
      print(`created ${user.isStaff ? 'staff user' : 'user'} ${user.username}`);
    } finally {
      await db.$disconnect();
    }
  },
  async setstaff(args, flags) {
    const [username] = expectArgs(args, ['username']);
    const config = loadConfig();
    const { createPrismaClient } = await import('../prisma/client.ts');
    const { setStaff } = await import('../server/auth/index.ts');
    const { disconnectUser } = await import('../server/session-watch.ts');
    const db = createPrismaClient(config.databaseUrl, { hooks: app.hooks });
    try {
      const user = await setStaff(db, username, !flags.off);
      // Their sockets keep the old rights until they reconnect: make them, on every server, now.
      await withEmitter(config, (emitter) => disconnectUser(emitter, app.index.namespaces, user.id));
      print(user.isStaff ? `${user.username} is staff` : `${user.username} is no longer staff`);
    } finally {
      await db.$disconnect();
    }
  },
  async createadmin(args) {
    await commands.createuser!(args, { staff: true });
  },
  async relay() {
    const { startRelayProcess } = await import('../server/outbox-relay/relay-process.ts');
    runMain('relay', () => startRelayProcess(loadConfig()));
  },
  async post(args) {
    const [slug, text] = expectArgs(args, ['slug', 'text']);
    const { postFromCommandLine } = await import('../server/features/liveblog/liveblog-commands.ts');
    print(`published post ${await postFromCommandLine(loadConfig(), slug, text)}`);
  },
  async liveblog([action = '', ...args], { title, summary, status }) {
    const { liveblogFromCommandLine } = await import('../server/features/liveblog/liveblog-commands.ts');
    print(await liveblogFromCommandLine(loadConfig(), action, args, { title, summary, status }));
  },
};

function expectArgs<const N extends string[]>(args: string[], names: N): { [K in keyof N]: string } {
  if (args.length !== names.length) {
    throw new Error(`expected ${names.map((n) => `<${n}>`).join(' ')}, got ${args.length} argument(s)`);
  }
  return args as { [K in keyof N]: string };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the payload is not valid JSON: ${(error as Error).message}`);
  }
}

async function withLayer(work: (layer: ChannelLayer) => Promise<void>, config: Config = loadConfig()): Promise<void> {
  await checkRedis(config);
  const layer = createRedisLayer({ protocol: app.index, ...config, prefix: config.redisPrefix });
  try {
    await work(layer);
    print('sent');
  } finally {
    await layer.close();
  }
}

/** Runs `work` with a publisher (the Redis emitter, or the sharded one on a cluster) that reaches every interface server's sockets. */
async function withEmitter(config: Config, work: (emitter: SocketsPublisher) => void): Promise<void> {
  await checkRedis(config);
  const redis = openRedis(config, 'switchyard-cli');
  try {
    work(createSocketsPublisher(config, redis, config.redisPrefix));
    // Once PING answers the client is connected and the publishes went out first; QUIT follows them on every connection.
    await redis.ping();
  } finally {
    await closeRedis(redis);
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new Error('set SWITCHYARD_PASSWORD or pipe the password on stdin');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}
