import { z } from 'zod';
import { defineProtocol } from '../../protocol/namespace-spec.ts';
import { bigintStringSchema, recordIdSchema, textSchema } from '../../protocol/fields.ts';
import { groupNameSchema } from '../../protocol/names.ts';

/** Longest post body, in characters (documented in docs/protocol.md). */
export const POST_BODY_MAX = 10_000;

/** Longest liveblog title, in characters. */
export const LIVEBLOG_TITLE_MAX = 200;

/** Longest liveblog summary (Markdown), in characters. */
export const LIVEBLOG_SUMMARY_MAX = 2_000;

/** Posts per page of the public liveblog (first render and each "load older"). */
export const POSTS_PAGE_SIZE = 20;

/** Pinned and key posts a liveblog page shows at most above its posts. */
export const FEATURED_POSTS_MAX = 50;

/** Changes a catch-up returns at most; a reader further behind gets `reset` and reloads its posts. */
export const CATCH_UP_MAX = 500;

/** A liveblog slug: lowercase words joined by hyphens, e.g. `election-night`. */
export const liveblogSlugSchema = z
  .string()
  .trim()
  .min(1, 'slug is empty')
  .max(64, 'a slug has at most 64 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a slug is lowercase letters and digits joined by hyphens, e.g. "election-night"');

/** A post body as an editor submits it: trimmed, not empty, at most `POST_BODY_MAX` characters. */
export const postBodySchema = textSchema
  .trim()
  .min(1, 'the post is empty')
  .max(POST_BODY_MAX, `a post has at most ${POST_BODY_MAX.toLocaleString('en')} characters`);

/** A liveblog title as an editor submits it. */
export const liveblogTitleSchema = textSchema.trim().min(1, 'the title is empty').max(LIVEBLOG_TITLE_MAX);

/** A liveblog summary as an editor submits it: Markdown, possibly empty. */
export const liveblogSummarySchema = textSchema
  .trim()
  .max(LIVEBLOG_SUMMARY_MAX, `a summary has at most ${LIVEBLOG_SUMMARY_MAX.toLocaleString('en')} characters`);

/** Whether a liveblog is still being updated (`live`) or not any more (`ended`). */
export const liveblogStatusSchema = z.enum(['live', 'ended']);
export type LiveblogStatus = z.infer<typeof liveblogStatusSchema>;

/**
 * An outbox cursor: the id of the outbox row a change was recorded in, as a
 * decimal string (it is a 64-bit integer). Cursors of one liveblog grow in
 * commit order, so a reader keeps the highest it has seen.
 */
export const cursorSchema = bigintStringSchema('a cursor');

/**
 * A post as readers see it. A deleted post keeps its id and version and loses
 * its body. `pinned` posts are shown above the others; `key` posts are marked
 * and listed under the summary (both false in changes recorded before they existed).
 * `version` grows with every write; `editedAt` says when the text changed.
 */
export const wirePostSchema = z.object({
  id: z.string(),
  body: z.string().max(POST_BODY_MAX),
  author: z.string().nullable(),
  pinned: z.boolean().default(false),
  key: z.boolean().default(false),
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When the text last changed; null if never (or in changes recorded before it existed). */
  editedAt: z.string().nullable().default(null),
  deletedAt: z.string().nullable(),
});
export type WirePost = z.infer<typeof wirePostSchema>;

/** The payload of every post change: which liveblog, the post after the change, and the change's cursor. */
export const postChangeSchema = z.object({ slug: z.string(), post: wirePostSchema, cursor: cursorSchema });
export type PostChange = z.infer<typeof postChangeSchema>;

/** The three post events, in the order of a post's life. */
export const POST_EVENTS = ['post.published', 'post.updated', 'post.deleted'] as const;
export type PostEvent = (typeof POST_EVENTS)[number];

/** A change as a catch-up returns it: the event name and its payload. */
export const catchUpChangeSchema = z.object({ event: z.enum(POST_EVENTS), change: postChangeSchema });
export type CatchUpChange = z.infer<typeof catchUpChangeSchema>;

/** A liveblog as readers see it: what is shown above the posts. `version` grows with every change. */
export const wireLiveblogSchema = z.object({
  slug: z.string(),
  title: z.string().max(LIVEBLOG_TITLE_MAX),
  summary: z.string().max(LIVEBLOG_SUMMARY_MAX),
  status: liveblogStatusSchema,
  version: z.number().int().positive(),
  updatedAt: z.string(),
});
export type WireLiveblog = z.infer<typeof wireLiveblogSchema>;

/** The group a liveblog's readers join: `liveblog.<slug>`. */
export function liveblogGroup(slug: string): string {
  return groupNameSchema.parse(`liveblog.${slug}`);
}

/**
 * The group that hears of changes to the liveblog itself (title, summary,
 * status): `liveblog.<slug>.about`. Apart from the posts' group, so the
 * posts' catch-up reads post changes only; a reader gets the current
 * liveblog with every `liveblog.follow` instead.
 */
export function liveblogAboutGroup(slug: string): string {
  return groupNameSchema.parse(`liveblog.${slug}.about`);
}

/** Server → client events of the `/liveblog` namespace (sent to the group `liveblog.<slug>`). */
export const liveblogServerEvents = {
  'post.published': postChangeSchema,
  'post.updated': postChangeSchema,
  'post.deleted': postChangeSchema,
  /** The liveblog after a change of its title, summary or status (group `liveblog.<slug>.about`). */
  'liveblog.updated': z.object({ liveblog: wireLiveblogSchema, cursor: cursorSchema.optional() }),
  /** The liveblog was deleted, with its posts (group `liveblog.<slug>.about`). */
  'liveblog.deleted': z.object({ slug: z.string(), cursor: cursorSchema.optional() }),
} as const;

const postRef = z.object({ id: recordIdSchema });
const liveblogRef = z.object({ slug: liveblogSlugSchema });

/** A change of a liveblog itself: at least one of title, summary and status. */
const liveblogChangeSchema = liveblogRef
  .extend({ title: liveblogTitleSchema.optional(), summary: liveblogSummarySchema.optional(), status: liveblogStatusSchema.optional() })
  .strict()
  .refine((change) => change.title !== undefined || change.summary !== undefined || change.status !== undefined, 'change at least one of title, summary and status');

/** Client → server events of the `/liveblog` namespace. Writes (liveblogs and posts) are staff-only. */
export const liveblogClientEvents = {
  /**
   * Joins the liveblog's group. With `after` (the highest cursor the client
   * has), the reply carries each post changed after it once, as it is now
   * (deleted ones as tombstones), in cursor order; `reset` means the client is
   * too far behind and should reload the posts instead. `liveblog` is the
   * liveblog as it is now (summary, status), which the follower also hears of
   * live from then on.
   */
  'liveblog.follow': {
    payload: z.object({ slug: liveblogSlugSchema, after: cursorSchema.optional() }).strict(),
    reply: z.object({ cursor: cursorSchema, changes: z.array(catchUpChangeSchema), reset: z.boolean(), liveblog: wireLiveblogSchema.optional() }),
  },
  /** The latest posts, or those older than `before` (a post id) for "load older"; newest first. */
  'liveblog.page': {
    payload: z.object({ slug: liveblogSlugSchema, before: recordIdSchema.optional() }).strict(),
    reply: z.object({ posts: z.array(wirePostSchema), hasMore: z.boolean() }),
  },
  /** A new liveblog, live, with no summary. */
  'liveblog.create': {
    payload: liveblogRef.extend({ title: liveblogTitleSchema }).strict(),
    reply: z.object({ liveblog: wireLiveblogSchema }),
  },
  /** Changes a liveblog's title, summary or status; its readers hear `liveblog.updated`. */
  'liveblog.update': {
    payload: liveblogChangeSchema,
    reply: z.object({ liveblog: wireLiveblogSchema }),
  },
  /** Deletes a liveblog and its posts; its readers hear `liveblog.deleted`. */
  'liveblog.delete': {
    payload: liveblogRef.strict(),
    reply: z.object({ deleted: z.literal(true) }),
  },
  'post.create': {
    payload: z.object({ slug: liveblogSlugSchema, body: postBodySchema }).strict(),
    reply: z.object({ post: wirePostSchema }),
  },
  'post.update': {
    payload: postRef.extend({ body: postBodySchema }).strict(),
    reply: z.object({ post: wirePostSchema }),
  },
  'post.delete': {
    payload: postRef.strict(),
    reply: z.object({ post: wirePostSchema }),
  },
} as const;

/** The /liveblog namespace: its event maps, registered with the feature. */
export const liveblogProtocol = defineProtocol('/liveblog', { client: liveblogClientEvents, server: liveblogServerEvents });
