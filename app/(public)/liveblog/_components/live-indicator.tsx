'use client';

import { useConnectionStatus } from '../../../_realtime/index.ts';

/** The liveblog connection's status (`connecting`, `connected`, `reconnecting`, `offline`) as a dot and a word. */
export function LiveIndicator() {
  const status = useConnectionStatus('/liveblog');
  return (
    <span className="status" data-state={status} data-testid="liveblog-status" role="status">
      <span className="status__dot" aria-hidden="true" />
      {status === 'connected' ? 'live' : status}
    </span>
  );
}
