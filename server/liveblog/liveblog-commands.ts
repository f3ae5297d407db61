import { createPrismaClient } from '../../prisma/client.ts';
import { startOutboxRelay } from '../../prisma/hooks/outbox-relay.ts';
import type { Config } from '../config.ts';
import { InvalidInput } from '../errors.ts';
import { createRedisLayer } from '../layer/redis-layer.ts';
import { checkRedis } from '../preflight.ts';
import { liveblogSlugSchema, postBodySchema } from '../protocol/liveblog.ts';
import { publishPost } from './liveblog-posts.ts';

/**
 * `switchyard relay`: an outbox relay in its own process, publishing through
 * the Redis emitter. Interface servers run one each already; this is for
 * deployments that want it apart. Returns its stop function.
 */
export async function startRelayProcess(config: Config): Promise<() => Promise<void>> {
  await checkRedis(config);
  const layer = createRedisLayer({ ...config, prefix: config.redisPrefix });
  const relay = await startOutboxRelay({ databaseUrl: config.databaseUrl, layer, leaseMs: config.outboxRelayLeaseMs });
  console.log(`[switchyard] outbox relay running (pid ${process.pid})`);
  return async () => {
    await relay.stop();
    await layer.close();
  };
}

/**
 * `switchyard post <slug> <text>`: publishes a post from a script. It only
 * writes through the hooked client; a relay publishes it to the readers.
 */
export async function postFromCommandLine(config: Config, slug: string, text: string): Promise<string> {
  const parsedSlug = liveblogSlugSchema.safeParse(slug);
  if (!parsedSlug.success) throw InvalidInput.fromZod('the slug', parsedSlug.error);
  const body = postBodySchema.safeParse(text);
  if (!body.success) throw InvalidInput.fromZod('the text', body.error);
  const db = createPrismaClient(config.databaseUrl);
  try {
    const post = await publishPost(db, { slug: parsedSlug.data, body: body.data, authorId: null });
    return post.id;
  } finally {
    await db.$disconnect();
  }
}
