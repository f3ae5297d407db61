import Link from 'next/link';
import type { CurrentUser } from '../_server/current-user.ts';
import { LogoutForm } from './logout-form.tsx';

/**
 * The header's account control: "Log in" for a visitor; for a user, their
 * name opening a menu (who they are, Admin for staff, Log out). A <details>
 * element, so it works without JavaScript, and it takes the same place in
 * the header whether logged in or not.
 */
export function AccountMenu({ user }: { user: CurrentUser | null }) {
  if (!user) {
    return (
      <Link href="/login" className="button button--quiet">
        Log in
      </Link>
    );
  }
  return (
    <details className="account" data-testid="account-menu">
      <summary className="account__toggle">
        <span className="visually-hidden">Account: </span>
        <span data-testid="current-user" className="account__name">
          {user.username}
        </span>
      </summary>
      <div className="account__menu">
        <p className="account__who">
          Logged in as <strong>{user.username}</strong>
          {user.isStaff && ' (staff)'}
        </p>
        {user.isStaff && <Link href="/admin">Admin</Link>}
        <LogoutForm />
      </div>
    </details>
  );
}
