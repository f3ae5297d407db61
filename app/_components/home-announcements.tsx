'use client';

import { AnnouncementFeed } from './announcement-feed.tsx';
import { AnnouncementForm } from './announcement-form.tsx';
import { useSocketSession } from './use-socket-session.ts';

/**
 * The home page's live part: announcements as they are sent, and, for staff
 * (as the server knows them on this connection), the form to send one.
 */
export function HomeAnnouncements() {
  const session = useSocketSession();
  return (
    <div className="live-grid">
      {session?.user?.isStaff && <AnnouncementForm />}
      <AnnouncementFeed />
    </div>
  );
}
