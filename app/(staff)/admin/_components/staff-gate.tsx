import Link from 'next/link';
import type { ReactNode } from 'react';
import type { CurrentUser } from '../../../_server/current-user.ts';

/** Shows its children to staff only: a login link to visitors, a refusal to other users. */
export function StaffGate({ user, next, children }: { user: CurrentUser | null; next: string; children: ReactNode }) {
  if (!user) {
    return (
      <section className="card narrow" data-testid="admin-login-required">
        <h1>Admin</h1>
        <p>
          <Link href={`/login?next=${encodeURIComponent(next)}`}>Log in</Link> as staff to edit liveblogs.
        </p>
      </section>
    );
  }
  if (!user.isStaff) {
    return (
      <section className="card narrow" data-testid="admin-forbidden">
        <h1>Admin</h1>
        <p role="alert">Only staff may edit liveblogs; you are logged in as {user.username}.</p>
      </section>
    );
  }
  return <>{children}</>;
}
