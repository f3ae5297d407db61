import type { z } from 'zod';
import { createPrismaClient } from '../../../prisma/client.ts';
import type { Database } from '../../../prisma/client.ts';
import type { Config } from '../../config.ts';
import { InvalidInput } from '../../errors.ts';
import { liveblogClientEvents, liveblogSlugSchema, postBodySchema } from './liveblog-protocol.ts';
import { deleteLiveblog, updateLiveblog } from './liveblog-about.ts';
import { createLiveblog, publishPost } from './liveblog-posts.ts';
import { app } from '../index.ts';

/** Runs `work` with a hooked database client of its own, closed after. */
async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  const db = createPrismaClient(config.databaseUrl, { hooks: app.hooks });
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

/** Parses a command's input with the schema of the socket event that does the same. */
function parsed<E extends keyof typeof liveblogClientEvents>(event: E, input: unknown) {
  const result = liveblogClientEvents[event].payload.safeParse(input);
  if (!result.success) throw InvalidInput.fromZod('the liveblog', result.error);
  return result.data as z.output<(typeof liveblogClientEvents)[E]['payload']>;
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
  return withDatabase(config, async (db) => (await publishPost(db, { slug: parsedSlug.data, body: body.data, authorId: null })).id);
}

/** What `switchyard liveblog edit` may change: the flags given. */
export type LiveblogFlags = { title?: string; summary?: string; status?: string };

/**
 * `switchyard liveblog create <slug> <title>`, `liveblog edit <slug>
 * [--title T] [--summary S] [--status live|ended]`, `liveblog delete <slug>`:
 * the staff socket events' work from a shell, with their validation; readers
 * hear of it through the outbox relay. Returns the line to print.
 */
export async function liveblogFromCommandLine(config: Config, action: string, args: string[], flags: LiveblogFlags): Promise<string> {
  const [slug, title, ...extra] = args;
  if (action === 'create' && title !== undefined && extra.length === 0) {
    const input = parsed('liveblog.create', { slug, title });
    const liveblog = await withDatabase(config, (db) => createLiveblog(db, { ...input, createdById: null }));
    return `created liveblog ${liveblog.slug}`;
  }
  if (action === 'edit' && title === undefined) {
    const change = parsed('liveblog.update', { slug, ...flags });
    const liveblog = await withDatabase(config, (db) => updateLiveblog(db, change));
    return `changed liveblog ${liveblog.slug} (version ${liveblog.version})`;
  }
  if (action === 'delete' && title === undefined) {
    const input = parsed('liveblog.delete', { slug });
    await withDatabase(config, (db) => deleteLiveblog(db, input.slug));
    return `deleted liveblog ${input.slug}`;
  }
  throw new Error('expected create, edit or delete: `liveblog create <slug> <title>`, `liveblog edit <slug> [--title T] [--summary S] [--status live|ended]`, `liveblog delete <slug>`');
}
