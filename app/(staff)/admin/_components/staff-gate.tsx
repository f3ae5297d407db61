import Link from 'next/link';
import type { ReactNode } from 'react';
import type { CurrentUser } from '../../../_server/current-user.ts';

/** Shows its children to staff only: a login link to visitors, a refusal to other users. */
export function StaffGate({ user, next, notice, children }: { user: CurrentUser | null; next: string; notice?: string; children: ReactNode }) {
  if (!user) {
    return (
      <section className="card narrow" data-testid="admin-login-required" aria-labelledby="gate-heading">
        <h1 id="gate-heading">Admin</h1>
        {notice && <p className="callout">{notice}</p>}
        <p>Staff write liveblogs here.</p>
        <p>
          <Link href={`/login?next=${encodeURIComponent(next)}`} className="button">
            Log in as staff
          </Link>
        </p>
      </section>
    );
  }
  if (!user.isStaff) {
    return (
      <section className="card narrow" data-testid="admin-forbidden" aria-labelledby="gate-heading">
        <h1 id="gate-heading">Admin</h1>
        <p role="alert">Only staff may edit liveblogs; you are logged in as {user.username}.</p>
      </section>
    );
  }
  return <>{children}</>;
}
