import type { SetupOutcome } from '../../../../server/first-run/index.ts';

const REFUSALS: Partial<Record<SetupOutcome, string>> = {
  code: 'This browser is not on the server’s machine, so the setup code is needed. Copy it from the server’s log (the line with “one-time setup code”).',
  username: 'Choose a username of 3 to 32 letters, digits, “_”, “.” or “-”.',
  password: 'Choose a password of at least 8 characters.',
  taken: 'That username is taken; choose another.',
  busy: 'Someone else is setting up right now; try again in a few seconds.',
};

/**
 * The first-run setup form, shown at /admin while there is no staff account:
 * creates the first one (a plain form posting to /api/setup). The server
 * decides: from its own machine no code is needed, from elsewhere the
 * one-time code it printed in its log.
 */
export function FirstRunSetup({ outcome, username }: { outcome: SetupOutcome | null; username: string }) {
  const refusal = outcome ? REFUSALS[outcome] : undefined;
  return (
    <section className="card narrow" aria-labelledby="setup-heading" data-testid="first-run-setup">
      <h1 id="setup-heading">Welcome to Switchyard</h1>
      <p>There is no staff account yet. Create the first one: staff write liveblogs and post announcements.</p>
      {refusal && (
        <p role="alert" className="form__error">
          {refusal}
        </p>
      )}
      <form method="post" action="/api/setup" className="form" aria-label="Create the first staff account">
        <label htmlFor="setup-username">Username</label>
        <input id="setup-username" name="username" autoComplete="username" defaultValue={username} required minLength={3} maxLength={32} aria-describedby="setup-username-hint" />
        <p className="form__hint" id="setup-username-hint">
          3 to 32 letters, digits, “_”, “.” or “-”.
        </p>
        <label htmlFor="setup-password">Password</label>
        <input id="setup-password" name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={256} aria-describedby="setup-password-hint" />
        <p className="form__hint" id="setup-password-hint">
          At least 8 characters.
        </p>
        <label htmlFor="setup-code">Setup code (only from another machine)</label>
        <input id="setup-code" name="code" autoComplete="off" spellCheck={false} aria-describedby="setup-code-hint" />
        <p className="form__hint" id="setup-code-hint">
          When the server started, it printed a one-time setup code in its log. It is not needed in a browser on the server’s own machine.
        </p>
        <div className="form__actions">
          <button type="submit" className="button">
            Create staff account
          </button>
        </div>
      </form>
    </section>
  );
}
