'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireStaff } from '../../../server/auth/index.ts';
import { createLiveblog, deletePost, editPost, publishPost, setPostFlags, updateLiveblog } from '../../../server/features/liveblog/index.ts';
import { recordIdSchema } from '../../../server/protocol/fields.ts';
import { liveblogSlugSchema, liveblogStatusSchema, liveblogSummarySchema, liveblogTitleSchema, postBodySchema } from '../../../server/features/liveblog/liveblog-protocol.ts';
import { getCurrentUser } from '../../_server/current-user.ts';
import { pageDatabase } from '../../_server/page-database.ts';

/** What a form shows after its action ran: an error message, or the time it succeeded (to reset the form). */
export type ActionState = { error: string | null; doneAt: number | null };

/**
 * The admin UI's writes. Each action validates its form with zod, then
 * authorizes the session cookie's user as staff, then writes through the
 * hooked client — the model hook records the change and the relay fans it
 * out. Next.js refuses a server action whose Origin is not the page's host
 * (CSRF), and the session cookie is SameSite=Lax.
 */
async function act(schema: z.ZodType, form: FormData, write: (input: never, userId: string) => Promise<unknown>): Promise<ActionState> {
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues.map((i) => i.message).join('; '), doneAt: null };
  try {
    const user = requireStaff(await getCurrentUser(), 'edit liveblogs');
    await write(parsed.data as never, user.id);
    return { error: null, doneAt: Date.now() };
  } catch (error) {
    return { error: (error as Error).message, doneAt: null };
  }
}

const newLiveblog = z.object({ slug: liveblogSlugSchema, title: liveblogTitleSchema });
const newPost = z.object({ slug: liveblogSlugSchema, body: postBodySchema });
const changedPost = z.object({ id: recordIdSchema, body: postBodySchema });
const postRef = z.object({ id: recordIdSchema });
const liveblogChange = z.object({ slug: liveblogSlugSchema, title: liveblogTitleSchema, summary: liveblogSummarySchema, status: liveblogStatusSchema });
const flagChange = z.object({ id: recordIdSchema, flag: z.enum(['pinned', 'key']), value: z.enum(['true', 'false']) });

/** Creates a liveblog and opens its editor. */
export async function createLiveblogAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let created = '';
  const state = await act(newLiveblog, form, async (input: z.infer<typeof newLiveblog>, userId) => {
    created = (await createLiveblog(pageDatabase(), { ...input, createdById: userId })).slug;
  });
  if (created) redirect(`/admin/liveblogs/${created}`); // outside act(): redirect() works by throwing
  return state;
}

/** Posts an update to a liveblog. */
export async function publishPostAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return act(newPost, form, (input: z.infer<typeof newPost>, userId) => publishPost(pageDatabase(), { ...input, authorId: userId }));
}

/** Replaces a post's text. */
export async function editPostAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return act(changedPost, form, (input: z.infer<typeof changedPost>) => editPost(pageDatabase(), input));
}

/** Deletes a post. */
export async function deletePostAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return act(postRef, form, (input: z.infer<typeof postRef>) => deletePost(pageDatabase(), input));
}

/** Changes a liveblog's title, summary and status. */
export async function updateLiveblogAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return act(liveblogChange, form, (input: z.infer<typeof liveblogChange>) => updateLiveblog(pageDatabase(), input));
}

/** Pins or unpins a post, or marks it as a key update or not. */
export async function flagPostAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return act(flagChange, form, ({ id, flag, value }: z.infer<typeof flagChange>) => setPostFlags(pageDatabase(), { id, [flag]: value === 'true' }));
}
