import type { Metadata } from 'next';
import Link from 'next/link';
import { listLiveblogs } from '../../../server/liveblog/index.ts';
import { liveblogDb } from './_server/liveblog-data.ts';

export const metadata: Metadata = { title: 'Liveblogs' };

/** Every liveblog, newest first. */
export default async function LiveblogsPage() {
  const liveblogs = await listLiveblogs(liveblogDb());
  return (
    <section className="card" aria-labelledby="liveblogs-heading">
      <h1 id="liveblogs-heading">Liveblogs</h1>
      {liveblogs.length === 0 && <p className="muted">No liveblogs yet.</p>}
      <ul>
        {liveblogs.map((liveblog) => (
          <li key={liveblog.slug}>
            <Link href={`/liveblog/${liveblog.slug}`}>{liveblog.title}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
