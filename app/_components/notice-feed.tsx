'use client';

import { useState } from 'react';
import type { ServerEventPayload } from '../../server/protocol/index.ts';
import { useReplyChannel } from '../_realtime/index.ts';

type Notice = ServerEventPayload<'notice.posted'> & { key: number };

/**
 * Notices sent to this tab's own reply channel (e.g. `switchyard send
 * <reply-channel> notice.posted '{"text":"..."}'`), in the order sent. Only
 * this tab gets them, and it gets those sent while it was reconnecting or
 * reloading too.
 */
export function NoticeFeed({ replyChannel }: { replyChannel: string | null }) {
  const [items, setItems] = useState<Notice[]>([]);
  useReplyChannel('/', 'notice.posted', (notice) => {
    setItems((current) => [...current, { ...notice, key: (current.at(-1)?.key ?? 0) + 1 }]);
  });

  return (
    <section className="card" aria-labelledby="notices-heading">
      <h2 id="notices-heading">Notices for this tab</h2>
      <p className="muted">
        This tab’s reply channel:{' '}
        <code className="channel" data-testid="reply-channel">
          {replyChannel ?? ''}
        </code>
        {replyChannel === null && <span className="muted">Waiting for the server…</span>}
      </p>
      {items.length === 0 && <p className="muted">No notices yet.</p>}
      <ol className="feed" data-testid="notices" aria-live="polite">
        {items.map((item) => (
          <li key={item.key} className={`feed__item notice notice--${item.level}`} data-testid="notice">
            <span className="notice__level">{item.level}</span> {item.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
