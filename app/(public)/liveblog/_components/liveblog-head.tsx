import type { WireLiveblog, WirePost } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import { Markdown } from '../../../_components/markdown/markdown.tsx';
import { RelativeTime } from '../../../_components/time/relative-time.tsx';
import { KeyUpdates } from './key-updates.tsx';

/** The badge saying whether a liveblog is still being updated. */
export function StatusBadge({ status }: { status: WireLiveblog['status'] }) {
  return status === 'live' ? (
    <span className="badge badge--live" data-testid="liveblog-state">
      Live
    </span>
  ) : (
    <span className="badge" data-testid="liveblog-state">
      Ended
    </span>
  );
}

/**
 * The top of a liveblog: live or ended, when it was last updated, the title,
 * the summary and the key updates.
 */
export function LiveblogHead({ liveblog, latest, keyPosts }: { liveblog: WireLiveblog; latest: string; keyPosts: WirePost[] }) {
  return (
    <header className="liveblog-head">
      <p className="liveblog-head__meta">
        <StatusBadge status={liveblog.status} />
        <span className="muted">
          Updated <RelativeTime iso={latest} />
        </span>
      </p>
      <h1 id="liveblog-title">{liveblog.title}</h1>
      {liveblog.status === 'ended' && (
        <p className="callout" data-testid="liveblog-ended">
          This liveblog has ended: there will be no more updates.
        </p>
      )}
      {liveblog.summary && (
        <section className="summary" aria-label="Summary" data-testid="liveblog-summary">
          <Markdown text={liveblog.summary} />
        </section>
      )}
      <KeyUpdates posts={keyPosts} />
    </header>
  );
}
