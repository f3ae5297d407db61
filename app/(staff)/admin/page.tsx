import type { Metadata } from 'next';
import Link from 'next/link';
import { listLiveblogs } from '../../../server/liveblog/index.ts';
import { getCurrentUser } from '../../_server/current-user.ts';
import { liveblogDb } from '../../(public)/liveblog/_server/liveblog-data.ts';
import { createLiveblogAction } from './actions.ts';
import { ActionForm } from './_components/action-form.tsx';
import { StaffGate } from './_components/staff-gate.tsx';

export const metadata: Metadata = { title: 'Admin' };

/** The admin home: the liveblogs to edit, and a form to create one. Staff only. */
export default async function AdminPage() {
  const user = await getCurrentUser();
  return (
    <StaffGate user={user} next="/admin">
      <AdminHome />
    </StaffGate>
  );
}

async function AdminHome() {
  const liveblogs = await listLiveblogs(liveblogDb());
  return (
    <section className="card" aria-labelledby="admin-heading">
      <h1 id="admin-heading">Liveblogs</h1>
      <ul data-testid="admin-liveblogs">
        {liveblogs.map((liveblog) => (
          <li key={liveblog.slug}>
            <Link href={`/admin/liveblogs/${liveblog.slug}`}>{liveblog.title}</Link> (<Link href={`/liveblog/${liveblog.slug}`}>public page</Link>)
          </li>
        ))}
      </ul>
      <h2>New liveblog</h2>
      <ActionForm action={createLiveblogAction} label="New liveblog" submit="Create" resetOnSuccess>
        <label htmlFor="new-slug">Slug (in the address)</label>
        <input id="new-slug" name="slug" required maxLength={64} placeholder="election-night" />
        <label htmlFor="new-title">Title</label>
        <input id="new-title" name="title" required maxLength={200} />
      </ActionForm>
    </section>
  );
}
