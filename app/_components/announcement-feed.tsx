'use client';

import { useState } from 'react';
import type { ServerEventPayload } from '../../server/protocol/index.ts';
import { useGroupEvent } from '../_realtime/index.ts';
import { RelativeTime } from './time/relative-time.tsx';

type Announcement = ServerEventPayload<'announcement.posted'> & { key: number };

const KEEP = 50;

/**
 * The live list of announcements sent to group `announcements` while this
 * page is open (newest first). Announcements are live only: none are stored,
 * so the list starts empty.
 */
export function AnnouncementFeed() {
  const [items, setItems] = useState<Announcement[]>([]);
  useGroupEvent('/', 'announcement.posted', (announcement) => {
    setItems((current) => [{ ...announcement, key: (current[0]?.key ?? 0) + 1 }, ...current].slice(0, KEEP));
  });

  return (
    <section className="card" aria-labelledby="announcements-heading">
      <h2 id="announcements-heading">Announcements</h2>
      {items.length === 0 && <p className="muted">Nothing announced since you opened this page. Announcements appear here the moment they are sent.</p>}
      <ol className="feed" data-testid="announcements" aria-live="polite">
        {items.map((item) => (
          <li key={item.key} className="feed__item" data-testid="announcement">
            <p className="feed__text">{item.text}</p>
            <p className="feed__meta">
              {item.author ? `by ${item.author}` : 'from the server'} · <RelativeTime iso={item.at} />
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
