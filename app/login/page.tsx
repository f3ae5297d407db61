import type { Metadata } from 'next';
import { getCurrentUser } from '../_server/current-user.ts';

export const metadata: Metadata = { title: 'Log in' };

type LoginSearchParams = { error?: string | string[]; next?: string | string[] };

// A Map, not an object: `?error=constructor` must not find Object.prototype's members.
const ERRORS = new Map([
  ['1', 'Wrong username or password'],
  ['throttled', 'Too many failed logins for this username; wait a minute and try again'],
]);

/**
 * The login form. It is a plain HTML form posting to `/api/session`, so it
 * works without JavaScript: the server sets the session cookie and redirects
 * to `next`, or back here with `?error=1` (wrong credentials) or
 * `?error=throttled` (too many failed logins).
 */
export default async function LoginPage({ searchParams }: { searchParams: Promise<LoginSearchParams> }) {
  const params = await searchParams;
  const error = ERRORS.get(first(params.error) ?? '');
  const next = safeNext(first(params.next));
  const user = await getCurrentUser();

  return (
    <section className="card narrow" aria-labelledby="login-heading">
      <h1 id="login-heading">Log in</h1>
      {user && (
        <p className="muted">
          You are logged in as <strong>{user.username}</strong>. Logging in again switches user.
        </p>
      )}
      {error && (
        <p role="alert" className="form__error">
          {error}
        </p>
      )}
      <form method="post" action="/api/session" className="form">
        <input type="hidden" name="next" value={next} />
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" required maxLength={64} autoFocus />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={256} />
        <button type="submit" className="button">
          Log in
        </button>
      </form>
    </section>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// Same rule as the session API: only same-site paths, never `//host` or `/\host`.
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}
