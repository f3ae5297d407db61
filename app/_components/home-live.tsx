'use client';

import { AnnouncementFeed } from './announcement-feed.tsx';
import { AnnouncementForm } from './announcement-form.tsx';
import { ConnectionStatus } from './connection-status.tsx';
import { NoticeFeed } from './notice-feed.tsx';
import { useSocketSession } from './use-socket-session.ts';

/**
 * The live part of the home page: the connection as the socket sees it,
 * announcements, this tab's notices, and (for staff, as the socket knows
 * them) the announcement form.
 */
export function HomeLive() {
  const session = useSocketSession();
  return (
    <div className="live-grid">
      <section className="card" aria-labelledby="connection-heading">
        <h2 id="connection-heading">Connection</h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <ConnectionStatus testId="home-connection-status" />
          </dd>
          <dt>Socket user</dt>
          <dd data-testid="socket-user">{session ? (session.user ? session.user.username : 'anonymous') : '…'}</dd>
        </dl>
      </section>
      {session?.user?.isStaff && <AnnouncementForm />}
      <AnnouncementFeed />
      <NoticeFeed replyChannel={session?.replyChannel ?? null} />
    </div>
  );
}
