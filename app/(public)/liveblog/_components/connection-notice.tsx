'use client';

import { CONNECTION_DESCRIPTIONS } from '../../../_components/connection-words.ts';
import { useConnectionStatus } from '../../../_realtime/index.ts';

/**
 * Says so when the liveblog's connection is not up (the header shows the
 * site's status word; this says what it means here). Empty while connected;
 * `data-state` always carries the state.
 */
export function ConnectionNotice() {
  const status = useConnectionStatus('/liveblog');
  return (
    <p className="connection-notice" data-state={status} data-testid="liveblog-status" role="status">
      {status === 'connected' || status === 'connecting' ? '' : `${CONNECTION_DESCRIPTIONS[status]}.`}
    </p>
  );
}
