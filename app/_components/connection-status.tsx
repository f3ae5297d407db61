'use client';

import type { Namespace } from '../../server/protocol/index.ts';
import { useConnectionStatus } from '../_realtime/index.ts';
import { CONNECTION_DESCRIPTIONS, CONNECTION_WORDS } from './connection-words.ts';

/**
 * A live indicator of a connection (the site's, or a namespace's): a coloured
 * dot and the site's one word for the state ("Connected", "Reconnecting…", …).
 * The state name is in `data-state`, for styles and tests.
 */
export function ConnectionStatus({ namespace = '/', testId = 'connection-status' }: { namespace?: Namespace; testId?: string }) {
  const status = useConnectionStatus(namespace);
  return (
    <span className="status" data-state={status} data-testid={testId} role="status" title={CONNECTION_DESCRIPTIONS[status]}>
      <span className="status__dot" aria-hidden="true" />
      <span className="status__word">{CONNECTION_WORDS[status]}</span>
    </span>
  );
}
