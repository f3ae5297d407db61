import { createPrismaClient } from '../../prisma/client.ts';
import type { Config } from '../config.ts';
import { InvalidInput } from '../errors.ts';
import { liveblogSlugSchema, postBodySchema } from '../protocol/liveblog.ts';
import { publishPost } from './liveblog-posts.ts';

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
