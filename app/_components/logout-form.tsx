/**
 * Logs out with a plain form POST to `/api/session/logout`, which ends the
 * session and redirects home: it works without JavaScript, and the full page
 * load that follows opens a new socket, whose user is fixed at handshake, as
 * an anonymous visitor.
 */
export function LogoutForm() {
  return (
    <form method="post" action="/api/session/logout">
      <button type="submit">Log out</button>
    </form>
  );
}
