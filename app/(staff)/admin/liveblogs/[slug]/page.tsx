import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { POST_BODY_MAX, liveblogSlugSchema } from '../../../../../server/protocol/liveblog.ts';
import { getCurrentUser } from '../../../../_server/current-user.ts';
import { loadLiveblogPage } from '../../../../(public)/liveblog/_server/liveblog-data.ts';
import { publishPostAction } from '../../actions.ts';
import { ActionForm } from '../../_components/action-form.tsx';
import { EditorPosts } from '../../_components/editor-posts.tsx';
import { StaffGate } from '../../_components/staff-gate.tsx';

export const metadata: Metadata = { title: 'Edit liveblog' };

type Params = { slug: string };

/** The liveblog editor: post an update, and the readers' live view with edit and delete. Staff only. */
export default async function EditLiveblogPage({ params }: { params: Promise<Params> }) {
  const slug = liveblogSlugSchema.safeParse((await params).slug);
  if (!slug.success) notFound();
  const user = await getCurrentUser();
  return (
    <StaffGate user={user} next={`/admin/liveblogs/${slug.data}`}>
      <Editor slug={slug.data} />
    </StaffGate>
  );
}

async function Editor({ slug }: { slug: string }) {
  const data = await loadLiveblogPage(slug);
  if (!data) notFound();
  return (
    <section className="card" aria-labelledby="editor-heading">
      <h1 id="editor-heading">{data.liveblog.title}</h1>
      <p>
        <Link href={`/liveblog/${slug}`}>Public page</Link> · <Link href="/admin">All liveblogs</Link>
      </p>
      <ActionForm action={publishPostAction} label="New post" submit="Post update" resetOnSuccess>
        <input type="hidden" name="slug" value={slug} />
        <label htmlFor="new-post">Update (plain text; links and line breaks are kept; at most {POST_BODY_MAX.toLocaleString('en')} characters)</label>
        <textarea id="new-post" name="body" rows={5} />
      </ActionForm>
      <EditorPosts slug={slug} first={data.first} />
    </section>
  );
}
