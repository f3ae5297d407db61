'use client';

import { ConnectionStatus } from './connection-status.tsx';
import { NoticeFeed } from './notice-feed.tsx';
import { useSocketSession } from './use-socket-session.ts';

/**
 * For developers (the "How it works" page): this tab's connection as the
 * server sees it — who the socket is, its reply channel — and the notices
 * sent to that channel.
 */
export function ConnectionDemo() {
  const session = useSocketSession();
  return (
    <div className="live-grid">
      <section className="card" aria-labelledby="connection-heading">
        <h2 id="connection-heading">This tab’s connection</h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <ConnectionStatus testId="about-connection-status" />
          </dd>
          <dt>Socket user</dt>
          <dd data-testid="socket-user">{session ? (session.user ? session.user.username : 'anonymous') : '…'}</dd>
        </dl>
      </section>
      <NoticeFeed replyChannel={session?.replyChannel ?? null} />
    </div>
  );
}
