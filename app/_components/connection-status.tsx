'use client';

import { useConnectionStatus } from '../_realtime/index.ts';

const DESCRIPTIONS = {
  connecting: 'Connecting to the live updates',
  connected: 'Live updates are on',
  reconnecting: 'Lost the connection; reconnecting',
  offline: 'Offline: live updates are paused',
} as const;

/**
 * A live indicator of the page's connection: a coloured dot and the status
 * word (`connecting`, `connected`, `reconnecting`, `offline`). The word is the
 * element's whole text and its `data-state`, so tests and styles can use either.
 */
export function ConnectionStatus({ testId = 'connection-status' }: { testId?: string }) {
  const status = useConnectionStatus();
  return (
    <span className="status" data-state={status} data-testid={testId} role="status" title={DESCRIPTIONS[status]}>
      <span className="status__dot" aria-hidden="true" />
      {status}
    </span>
  );
}
