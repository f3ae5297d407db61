import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { POST_BODY_MAX, liveblogSlugSchema } from '../../../../../server/features/liveblog/liveblog-protocol.ts';
import { getCurrentUser } from '../../../../_server/current-user.ts';
import { StatusBadge } from '../../../../(public)/liveblog/_components/liveblog-head.tsx';
import { loadLiveblogPage } from '../../../../(public)/liveblog/_server/liveblog-data.ts';
import { publishPostAction } from '../../actions.ts';
import { ActionForm } from '../../_components/action-form.tsx';
import { EditorPosts } from '../../_components/editor-posts.tsx';
import { LiveblogSettings } from '../../_components/liveblog-settings.tsx';
import { MarkdownEditor } from '../../_components/markdown-editor.tsx';
import { StaffGate } from '../../_components/staff-gate.tsx';

export const metadata: Metadata = { title: 'Edit liveblog' };

type Params = { slug: string };

/** The liveblog editor: post an update, the liveblog's summary and status, and the readers' live view with the post controls. Staff only. */
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
    <div className="admin-editor">
      <nav aria-label="Breadcrumb" className="breadcrumb small">
        <Link href="/admin">All liveblogs</Link> <span aria-hidden="true">/</span> <span aria-current="page">{data.liveblog.title}</span>
      </nav>
      <header className="admin-editor__head">
        <h1 id="editor-heading">{data.liveblog.title}</h1>
        <StatusBadge status={data.liveblog.status} />
        <Link href={`/liveblog/${slug}`} className="small">
          View as a reader
        </Link>
      </header>
      <div className="admin-editor__grid">
        <section className="card" aria-labelledby="new-post-heading">
          <h2 id="new-post-heading">New update</h2>
          <ActionForm action={publishPostAction} label="New post" submit="Post update" pending="Posting…" resetOnSuccess>
            <input type="hidden" name="slug" value={slug} />
            <MarkdownEditor name="body" label="Update" maxLength={POST_BODY_MAX} rows={6} placeholder="What just happened?" />
          </ActionForm>
        </section>
        <section className="card" aria-labelledby="settings-heading">
          <h2 id="settings-heading">About this liveblog</h2>
          <LiveblogSettings liveblog={data.liveblog} />
        </section>
      </div>
      <section aria-labelledby="updates-heading" className="admin-editor__updates">
        <h2 id="updates-heading">Updates</h2>
        <EditorPosts slug={slug} first={data.first} />
      </section>
    </div>
  );
}
