import Link from 'next/link';
import { listLiveblogs } from '../server/features/liveblog/index.ts';
import { HomeAnnouncements } from './_components/home-announcements.tsx';
import { RelativeTime } from './_components/time/relative-time.tsx';
import { StatusBadge } from './(public)/liveblog/_components/liveblog-head.tsx';
import { pageDatabase } from './_server/page-database.ts';

const LATEST = 3;

/** Home: what there is to do here, the latest liveblogs, and announcements as they are sent. */
export default async function HomePage() {
  const liveblogs = (await listLiveblogs(pageDatabase())).sort((a, b) => Number(a.status === 'ended') - Number(b.status === 'ended')).slice(0, LATEST);
  return (
    <>
      <section className="intro hero">
        <h1>Live, as it happens</h1>
        <p>Follow live coverage, talk in chat rooms, or have a data file analysed. Every page updates the moment something changes: no reloading.</p>
      </section>
      <div className="features">
        <section className="card feature" aria-labelledby="feature-liveblog">
          <h2 id="feature-liveblog">
            <Link href="/liveblog">Liveblogs</Link>
          </h2>
          <p className="muted">Live coverage of events, with a summary, key updates and every update as it is posted.</p>
          {liveblogs.length > 0 ? (
            <ul className="feature__list" data-testid="home-liveblogs">
              {liveblogs.map((liveblog) => (
                <li key={liveblog.slug}>
                  <StatusBadge status={liveblog.status} /> <Link href={`/liveblog/${liveblog.slug}`}>{liveblog.title}</Link>{' '}
                  <span className="muted small">
                    <RelativeTime iso={liveblog.lastUpdateAt} />
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">No liveblogs yet.</p>
          )}
        </section>
        <section className="card feature" aria-labelledby="feature-chat">
          <h2 id="feature-chat">
            <Link href="/chat">Chat</Link>
          </h2>
          <p className="muted">Rooms to talk in, with who is here and who is typing.</p>
        </section>
        <section className="card feature" aria-labelledby="feature-jobs">
          <h2 id="feature-jobs">
            <Link href="/jobs">Jobs</Link>
          </h2>
          <p className="muted">Upload a CSV file and get statistics and charts of every column, with progress as it runs.</p>
        </section>
      </div>
      <HomeAnnouncements />
    </>
  );
}
