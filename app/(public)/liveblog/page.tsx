import type { Metadata } from 'next';
import Link from 'next/link';
import { listLiveblogs } from '../../../server/features/liveblog/index.ts';
import { RelativeTime } from '../../_components/time/relative-time.tsx';
import { excerpt } from './_components/excerpt.ts';
import { StatusBadge } from './_components/liveblog-head.tsx';
import { pageDatabase } from '../../_server/page-database.ts';

export const metadata: Metadata = { title: 'Liveblogs' };

/** Every liveblog: the live ones first, each with its status, last update and the start of its summary. */
export default async function LiveblogsPage() {
  const liveblogs = (await listLiveblogs(pageDatabase())).sort((a, b) => Number(a.status === 'ended') - Number(b.status === 'ended'));
  return (
    <section aria-labelledby="liveblogs-heading">
      <h1 id="liveblogs-heading">Liveblogs</h1>
      <p className="muted">Live coverage, updated as it happens. Open one and new updates appear without reloading.</p>
      {liveblogs.length === 0 ? (
        <div className="empty">
          <p className="empty__title">No liveblogs yet</p>
          <p>When an editor starts one, it will be listed here.</p>
        </div>
      ) : (
        <ul className="liveblog-index" data-testid="liveblog-index">
          {liveblogs.map((liveblog) => (
            <li key={liveblog.slug} className="card liveblog-index__item" data-testid="liveblog-index-item">
              <p className="liveblog-index__meta">
                <StatusBadge status={liveblog.status} />
                <span className="muted small">
                  Last update <RelativeTime iso={liveblog.lastUpdateAt} />
                </span>
              </p>
              <h2 className="liveblog-index__title">
                <Link href={`/liveblog/${liveblog.slug}`}>{liveblog.title}</Link>
              </h2>
              {liveblog.summary && <p className="muted liveblog-index__summary">{excerpt(liveblog.summary, 200)}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
