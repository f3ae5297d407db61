import type { Metadata } from 'next';
import Link from 'next/link';
import { needsFirstRun } from '../../../server/first-run/index.ts';
import type { SetupOutcome } from '../../../server/first-run/index.ts';
import { listLiveblogs } from '../../../server/features/liveblog/index.ts';
import { RelativeTime } from '../../_components/time/relative-time.tsx';
import { getCurrentUser } from '../../_server/current-user.ts';
import { StatusBadge } from '../../(public)/liveblog/_components/liveblog-head.tsx';
import { pageDatabase } from '../../_server/page-database.ts';
import { createLiveblogAction } from './actions.ts';
import { ActionForm } from './_components/action-form.tsx';
import { FirstRunSetup } from './_components/first-run-setup.tsx';
import { NewLiveblogFields } from './_components/new-liveblog-fields.tsx';
import { StaffGate } from './_components/staff-gate.tsx';

export const metadata: Metadata = { title: 'Admin' };

type AdminSearchParams = { setup?: string | string[]; username?: string | string[] };

const OUTCOMES = new Set<SetupOutcome>(['code', 'username', 'password', 'taken', 'busy', 'done', 'welcome']);

/**
 * The admin home: the liveblogs to edit, and a form to create one. Staff only.
 * Before there is any staff account, the first-run setup instead.
 */
export default async function AdminPage({ searchParams }: { searchParams: Promise<AdminSearchParams> }) {
  const params = await searchParams;
  const setup = first(params.setup);
  const outcome = setup && OUTCOMES.has(setup as SetupOutcome) ? (setup as SetupOutcome) : null;
  if (await needsFirstRun(pageDatabase())) return <FirstRunSetup outcome={outcome} username={first(params.username) ?? ''} />;
  const user = await getCurrentUser();
  const notice = outcome === 'done' ? 'Setup is already done: log in with a staff account.' : undefined;
  return (
    <StaffGate user={user} next="/admin" notice={notice}>
      <AdminHome welcome={outcome === 'welcome' ? (user?.username ?? '') : null} />
    </StaffGate>
  );
}

async function AdminHome({ welcome }: { welcome: string | null }) {
  const liveblogs = await listLiveblogs(pageDatabase());
  return (
    <div className="admin stack">
      {welcome !== null && (
        <p className="callout" role="status">
          Your staff account <strong>{welcome}</strong> is ready. Start a liveblog below; more staff accounts are made with{' '}
          <code>npx switchyard createadmin &lt;username&gt;</code>.
        </p>
      )}
      <section aria-labelledby="admin-heading">
        <h1 id="admin-heading">Liveblogs</h1>
        {liveblogs.length === 0 ? (
          <div className="empty" data-testid="admin-empty">
            <p className="empty__title">No liveblogs yet</p>
            <p>Start one with the form below: give it a title, then post updates. Readers see each update the moment you post it.</p>
          </div>
        ) : (
          <ul className="admin-list" data-testid="admin-liveblogs">
            {liveblogs.map((liveblog) => (
              <li key={liveblog.slug} className="admin-list__item">
                <div>
                  <Link href={`/admin/liveblogs/${liveblog.slug}`} className="admin-list__title">
                    {liveblog.title}
                  </Link>
                  <p className="muted small admin-list__meta">
                    <StatusBadge status={liveblog.status} /> Last update <RelativeTime iso={liveblog.lastUpdateAt} />
                  </p>
                </div>
                <Link href={`/liveblog/${liveblog.slug}`} className="small">
                  View as a reader<span className="visually-hidden">: {liveblog.title}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="new-liveblog-heading">
        <h2 id="new-liveblog-heading">Start a liveblog</h2>
        <ActionForm action={createLiveblogAction} label="New liveblog" submit="Create" pending="Creating…" resetOnSuccess>
          <NewLiveblogFields />
        </ActionForm>
      </section>
    </div>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
